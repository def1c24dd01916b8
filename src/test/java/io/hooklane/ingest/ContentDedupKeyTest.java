package io.hooklane.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.hooklane.event.EventNormalizers;
import io.hooklane.verify.SchemeSettings;
import io.hooklane.verify.SignatureSchemes;
import io.hooklane.verify.WebhookRequest;
import org.junit.jupiter.api.Test;

/** The dedup key ingest gives an accepted event: the provider's id, else a digest of what was signed. */
class ContentDedupKeyTest {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
    private static final String SECRET = "k";

    private static SourceIngest ingest(String source, String scheme, SchemeSettings.Builder settings) {
        return new SourceIngest(source, SignatureSchemes.create(settings.scheme(scheme).source(source)
                .secrets(SECRET).clock(CLOCK).build()),
                EventNormalizers.forScheme(scheme, source, () -> UUID.randomUUID().toString()),
                Set.of("application/json"), 1 << 20, CLOCK);
    }

    private static SourceIngest generic() {
        return ingest("generic", "generic", SchemeSettings.builder().header("X-Sig"));
    }

    private static WebhookRequest signedGeneric(String body) {
        String signature = java.util.HexFormat.of().formatHex(mac(body.getBytes(StandardCharsets.UTF_8)));
        return new WebhookRequest("generic", Map.of("X-Sig", signature, "Content-Type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8), null);
    }

    private static byte[] mac(byte[]... parts) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void an_event_with_a_provider_id_is_deduplicated_on_source_and_id() throws Exception {
        AcceptedEvent event = generic().accept(signedGeneric("{\"id\":\"evt-1\",\"event\":\"order.created\"}"));

        assertThat(event.id()).isEqualTo("evt-1");
        assertThat(event.dedupKey()).isEqualTo("generic/evt-1");
    }

    @Test
    void the_same_body_without_id_gets_the_same_content_key_and_a_fresh_event_id_each_time() throws Exception {
        String body = "{\"event\":\"order.created\",\"data\":{\"order_id\":\"ORD-12345\"}}";

        AcceptedEvent first = generic().accept(signedGeneric(body));
        AcceptedEvent replay = generic().accept(signedGeneric(body));

        assertThat(first.dedupKey()).startsWith("generic/sha256:").hasSize("generic/sha256:".length() + 64)
                .isEqualTo(replay.dedupKey());
        assertThat(first.id()).isNotEqualTo(replay.id());
    }

    @Test
    void one_changed_byte_gives_another_content_key() throws Exception {
        AcceptedEvent a = generic().accept(signedGeneric("{\"event\":\"order.created\",\"n\":1}"));
        AcceptedEvent b = generic().accept(signedGeneric("{\"event\":\"order.created\",\"n\":2}"));

        assertThat(a.dedupKey()).isNotEqualTo(b.dedupKey());
    }

    @Test
    void the_signed_timestamp_is_part_of_the_content_key() throws Exception {
        SourceIngest ingest = ingest("generic", "generic",
                SchemeSettings.builder().header("X-Sig").timestampHeader("X-Sig-Timestamp"));
        String body = "{\"event\":\"order.created\"}";

        AcceptedEvent now = ingest.accept(stamped(body, 1_700_000_000L));
        AcceptedEvent resigned = ingest.accept(stamped(body, 1_700_000_001L));
        AcceptedEvent replayed = ingest.accept(stamped(body, 1_700_000_000L));

        assertThat(now.dedupKey()).isEqualTo(replayed.dedupKey()).isNotEqualTo(resigned.dedupKey());
    }

    @Test
    void sources_do_not_share_content_keys() {
        assertThat(ContentDigest.dedupKey("a", null, new byte[] {1}))
                .isNotEqualTo(ContentDigest.dedupKey("b", null, new byte[] {1}));
        // length-prefixed: moving bytes between the timestamp and the body changes the key
        assertThat(ContentDigest.dedupKey("a", "1", "2".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(ContentDigest.dedupKey("a", "12", new byte[0]));
    }

    private static WebhookRequest stamped(String body, long t) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String signature = java.util.HexFormat.of().formatHex(mac((t + ".").getBytes(StandardCharsets.UTF_8), bytes));
        return new WebhookRequest("generic", Map.of("X-Sig", signature, "X-Sig-Timestamp", Long.toString(t),
                "Content-Type", "application/json"), bytes, null);
    }
}
