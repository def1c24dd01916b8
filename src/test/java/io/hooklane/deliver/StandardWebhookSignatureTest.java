package io.hooklane.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

import io.hooklane.verify.SchemeSettings;
import io.hooklane.verify.SignatureScheme;
import io.hooklane.verify.SignatureSchemes;
import io.hooklane.verify.VerificationException;
import io.hooklane.verify.VerifiedWebhook;
import io.hooklane.verify.WebhookRequest;
import org.junit.jupiter.api.Test;

class StandardWebhookSignatureTest {

    // Published vector: standard-webhooks libraries (java WebhookTest.verifyWebhookSignWorks)
    private static final String VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long VECTOR_TIMESTAMP = 1614265330L;
    private static final byte[] VECTOR_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void reproduces_the_published_standard_webhooks_vector() {
        assertThat(new StandardWebhookSignature(VECTOR_SECRET).sign(VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY))
                .isEqualTo(VECTOR_SIGNATURE);
    }

    @Test
    void accepts_the_secret_without_whsec_prefix() {
        String bare = VECTOR_SECRET.substring("whsec_".length());
        assertThat(new StandardWebhookSignature(bare).sign(VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY))
                .isEqualTo(VECTOR_SIGNATURE);
    }

    @Test
    void signature_changes_with_id_timestamp_body_and_secret() {
        StandardWebhookSignature signer = new StandardWebhookSignature(VECTOR_SECRET);
        assertThat(signer.sign("msg_other", VECTOR_TIMESTAMP, VECTOR_BODY)).isNotEqualTo(VECTOR_SIGNATURE);
        assertThat(signer.sign(VECTOR_ID, VECTOR_TIMESTAMP + 1, VECTOR_BODY)).isNotEqualTo(VECTOR_SIGNATURE);
        assertThat(signer.sign(VECTOR_ID, VECTOR_TIMESTAMP, "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(VECTOR_SIGNATURE);
        String otherSecret = "whsec_" + Base64.getEncoder().encodeToString("another key".getBytes(StandardCharsets.UTF_8));
        assertThat(new StandardWebhookSignature(otherSecret).sign(VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY))
                .isNotEqualTo(VECTOR_SIGNATURE);
    }

    @Test
    void output_is_accepted_by_the_projects_own_verifier() throws VerificationException {
        String secret = "whsec_" + Base64.getEncoder().encodeToString("round-trip-key-0123456789".getBytes(StandardCharsets.UTF_8));
        long timestamp = 1_700_000_000L;
        String id = WebhookIds.of("orders", "stripe", "evt_42");
        byte[] body = "{\"specversion\":\"1.0\",\"id\":\"evt_42\",\"data\":{\"ü\":\"✓\"}}".getBytes(StandardCharsets.UTF_8);

        String signature = new StandardWebhookSignature(secret).sign(id, timestamp, body);

        VerifiedWebhook verified = verifier(secret, timestamp).verify(new WebhookRequest("x", Map.of(
                "webhook-id", id,
                "webhook-timestamp", String.valueOf(timestamp),
                "webhook-signature", signature), body, null));
        assertThat(verified.body()).isEqualTo(body);
    }

    @Test
    void verifier_refuses_the_output_for_a_tampered_body() {
        String secret = VECTOR_SECRET;
        String signature = new StandardWebhookSignature(secret).sign(VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY);
        byte[] tampered = "{\"test\": 1}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> verifier(secret, VECTOR_TIMESTAMP).verify(new WebhookRequest("x", Map.of(
                "webhook-id", VECTOR_ID,
                "webhook-timestamp", String.valueOf(VECTOR_TIMESTAMP),
                "webhook-signature", signature), tampered, null)))
                .isInstanceOf(VerificationException.class);
    }

    @Test
    void to_string_hides_the_secret() {
        String text = new StandardWebhookSignature(VECTOR_SECRET).toString();
        assertThat(text).doesNotContain(VECTOR_SECRET).doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                .contains("***");
    }

    @Test
    void refuses_a_non_base64_secret_without_echoing_it() {
        String secret = "whsec_not*base64!secret-value";
        assertThatThrownBy(() -> new StandardWebhookSignature(secret))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whsec_<base64>")
                .hasMessageNotContaining("not*base64!secret-value")
                .hasNoCause();
    }

    @Test
    void refuses_an_empty_secret() {
        assertThatThrownBy(() -> new StandardWebhookSignature("whsec_"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    private static SignatureScheme verifier(String secret, long nowSeconds) {
        return SignatureSchemes.create(SchemeSettings.builder().scheme("standard").source("x").secrets(secret)
                .clock(Clock.fixed(Instant.ofEpochSecond(nowSeconds), ZoneOffset.UTC)).build());
    }
}
