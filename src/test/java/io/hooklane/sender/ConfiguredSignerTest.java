package io.hooklane.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hooklane.verify.SchemeSettings;
import io.hooklane.verify.SignatureSchemes;
import io.hooklane.verify.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the sender signs for a declared generic source, checked by the gateway's own verifier for that source. */
class ConfiguredSignerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
    private static final byte[] BODY = "{\"event\":\"order.created\"}".getBytes(StandardCharsets.UTF_8);

    private static void verifiedByTheGateway(SourceSigning signing, Map<String, String> headers) throws Exception {
        SchemeSettings.Builder settings = SchemeSettings.builder().scheme("generic").source(signing.source())
                .secrets("acme-secret").clock(CLOCK).header(signing.header()).algorithm(signing.algorithm())
                .encoding(signing.encoding()).prefix(signing.prefix());
        if (!signing.timestampHeader().isEmpty()) {
            settings.timestampHeader(signing.timestampHeader());
        }
        Map<String, String> all = new HashMap<>(headers);
        all.put("Content-Type", "application/json");
        SignatureSchemes.create(settings.build()).verify(new WebhookRequest(signing.source(), all, BODY, null));
    }

    @Test
    void signs_sha512_base64_in_the_declared_header() throws Exception {
        SourceSigning acme = new SourceSigning("acme", "generic", "ACME_WEBHOOK_SECRET", "X-Acme-Signature",
                "sha512", "base64", "", "");

        Map<String, String> headers = new ConfiguredSigner(acme, "acme-secret", CLOCK).sign(BODY, null, null);

        assertThat(headers).containsOnlyKeys("X-Acme-Signature");
        assertThat(headers.get("X-Acme-Signature")).matches("[A-Za-z0-9+/]{86}==");
        verifiedByTheGateway(acme, headers);
    }

    @Test
    void signs_the_timestamp_and_the_body_behind_a_prefix_when_a_timestamp_header_is_declared() throws Exception {
        SourceSigning stamped = new SourceSigning("stamped", "generic", "K", "X-Sig", "sha256", "hex", "v1=",
                "X-Sig-Timestamp");

        Map<String, String> headers = new ConfiguredSigner(stamped, "acme-secret", CLOCK).sign(BODY, null, null);

        assertThat(headers).containsEntry("X-Sig-Timestamp", "1700000000");
        assertThat(headers.get("X-Sig")).startsWith("v1=");
        verifiedByTheGateway(stamped, headers);
    }

    @Test
    void refuses_an_unknown_algorithm_naming_it() {
        SourceSigning bad = new SourceSigning("acme", "generic", "K", "X-Sig", "md5", "hex", "", "");

        assertThatThrownBy(() -> new ConfiguredSigner(bad, "s", CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("algorithm").hasMessageContaining("'md5'");
    }
}
