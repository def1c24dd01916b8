package io.hooklane.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandardWebhooksSchemeTest extends SchemeContract {

    // Published vector: standard-webhooks/standard-webhooks libraries/java WebhookTest.verifyWebhookSignWorks
    private static final String VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long VECTOR_TIMESTAMP = 1614265330L;
    private static final String VECTOR_PAYLOAD = "{\"test\": 2432232314}";
    private static final String VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Override
    String scheme() {
        return "standard";
    }

    @Override
    String secret(int n) {
        return "whsec_" + Base64.getEncoder().encodeToString(TestSigning.utf8("contract-key-number-" + n));
    }

    @Override
    boolean timestamped() {
        return true;
    }

    @Override
    Map<String, String> signedHeaders(String secret, byte[] body, long timestamp) {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        String id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
        byte[] mac = TestSigning.sha256(key, id + "." + timestamp + ".", body);
        return Map.of("webhook-id", id, "webhook-timestamp", String.valueOf(timestamp),
                "webhook-signature", "v1," + TestSigning.base64(mac));
    }

    @Override
    String signatureHeader() {
        return "webhook-signature";
    }

    @Override
    String malformedSignature() {
        return "v1,not*base64!";
    }

    private SignatureScheme vectorScheme(String secret) {
        return SignatureSchemes.create(SchemeSettings.builder().scheme("standard").source(SOURCE).secrets(secret)
                .clock(Clock.fixed(Instant.ofEpochSecond(VECTOR_TIMESTAMP), ZoneOffset.UTC)).build());
    }

    private WebhookRequest vectorRequest(String prefix, String signature) {
        return request(Map.of(prefix + "-id", VECTOR_ID, prefix + "-timestamp", String.valueOf(VECTOR_TIMESTAMP),
                prefix + "-signature", signature), TestSigning.utf8(VECTOR_PAYLOAD));
    }

    @Test
    void accepts_the_published_standard_webhooks_test_vector() {
        accepts(vectorScheme(VECTOR_SECRET), vectorRequest("webhook", VECTOR_SIGNATURE));
    }

    @Test
    void accepts_the_published_vector_with_a_secret_written_without_whsec_prefix() {
        accepts(vectorScheme("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), vectorRequest("webhook", VECTOR_SIGNATURE));
    }

    @Test
    void accepts_the_published_vector_under_svix_header_names() {
        accepts(vectorScheme(VECTOR_SECRET), vectorRequest("svix", VECTOR_SIGNATURE));
    }

    @Test
    void computes_the_published_signature_for_the_published_vector() {
        byte[] key = Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        byte[] mac = Hmac.sign(Hmac.Algorithm.SHA256, Secret.ofBytes(key),
                TestSigning.utf8(VECTOR_ID + "." + VECTOR_TIMESTAMP + "." + VECTOR_PAYLOAD));
        assertThat("v1," + TestSigning.base64(mac)).isEqualTo(VECTOR_SIGNATURE);
    }

    @Test
    void accepts_several_signatures_when_one_matches_and_ignores_other_versions() {
        String several = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= "
                + "v1a,c29tZS1lZDI1NTE5 " + VECTOR_SIGNATURE + " v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
        accepts(vectorScheme(VECTOR_SECRET), vectorRequest("webhook", several));
    }

    @Test
    void rejects_a_header_with_only_other_signature_versions() {
        String other = "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v1a,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
        assertThat(refusal(vectorScheme(VECTOR_SECRET), vectorRequest("webhook", other)))
                .isEqualTo(Reason.INVALID_SIGNATURE);
    }

    @Test
    void rejects_a_signature_entry_without_version() {
        assertThat(refusal(vectorScheme(VECTOR_SECRET), vectorRequest("webhook", "g0hM9SsE+OTPJTGt")))
                .isEqualTo(Reason.MALFORMED_SIGNATURE);
    }

    @Test
    void rejects_a_valid_signature_when_the_message_id_changed() {
        Map<String, String> headers = new java.util.HashMap<>(signedHeaders(secret(1), BODY, NOW));
        headers.put("webhook-id", "msg_other");
        assertThat(refusal(schemeWith(secret(1)), request(headers, BODY))).isEqualTo(Reason.INVALID_SIGNATURE);
    }

    @Test
    void rejects_webhook_without_message_id_or_timestamp() {
        for (String header : new String[] {"webhook-id", "webhook-timestamp"}) {
            Map<String, String> headers = new java.util.HashMap<>(signedHeaders(secret(1), BODY, NOW));
            headers.remove(header);
            assertThat(refusal(schemeWith(secret(1)), request(headers, BODY))).as(header)
                    .isEqualTo(Reason.MISSING_SIGNATURE);
        }
    }

    @Test
    void rejects_non_numeric_timestamp() {
        for (String timestamp : new String[] {"abc", "1614265330.5", "-1614265330", "+1614265330", "1e9"}) {
            Map<String, String> headers = new java.util.HashMap<>(signedHeaders(secret(1), BODY, NOW));
            headers.put("webhook-timestamp", timestamp);
            assertThat(refusal(schemeWith(secret(1)), request(headers, BODY))).as(timestamp)
                    .isEqualTo(Reason.MALFORMED_SIGNATURE);
        }
    }

    @Test
    void refuses_to_build_with_a_secret_that_is_not_base64_without_showing_it() {
        assertThatThrownBy(() -> SchemeSettings.builder().scheme("standard").source(SOURCE)
                .secrets(secret(1) + ",whsec_not*base64!").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("hooklane source 'shop-1': secret #2 must be base64")
                .hasMessageNotContaining("not*base64!")
                .hasMessageNotContaining(secret(1));
    }
}
