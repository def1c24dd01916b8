package io.hooklane.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Agentic Commerce Protocol's {@code Merchant-Signature}. The spec ({@code openapi.agentic_checkout_webhook.yaml})
 * publishes no signature test vector (its header example's v1 is the SHA-256 of the empty string, not an HMAC), so
 * the vectors below were computed from the spec's stated algorithm, HMAC-SHA256 of {@code t + "." + raw_body}, with
 * an independent tool ({@code openssl dgst -sha256 -hmac}), over the spec's own {@code order_created} example body
 * (compact JSON) at the spec's example timestamp {@code t=1709123456}.
 */
class AcpSchemeTest extends SchemeContract {

    static final long SPEC_T = 1_709_123_456L;
    static final byte[] SPEC_ORDER_CREATED = ("{\"type\":\"order_create\",\"data\":{\"type\":\"order\",\"id\":\"ord_123\","
            + "\"checkout_session_id\":\"checkout_session_123\",\"permalink_url\":\"https://example.com/orders/123\","
            + "\"status\":\"created\",\"line_items\":[{\"id\":\"li_shoes\",\"title\":\"Running Shoes\","
            + "\"quantity\":{\"ordered\":1,\"current\":1,\"fulfilled\":0},\"unit_price\":9900,\"subtotal\":9900}],"
            + "\"totals\":[{\"type\":\"subtotal\",\"display_text\":\"Subtotal\",\"amount\":9900},"
            + "{\"type\":\"fulfillment\",\"display_text\":\"Shipping\",\"amount\":500},"
            + "{\"type\":\"tax\",\"display_text\":\"Tax\",\"amount\":860},"
            + "{\"type\":\"total\",\"display_text\":\"Total\",\"amount\":11260}]}}").getBytes(StandardCharsets.UTF_8);
    /** openssl dgst -sha256 -hmac 'acp_whsec_example' over "1709123456." + the body above. */
    static final String SPEC_V1 = "ff1a558fa08c06b6d62de5edded8ed612807d79de27a3f93fb00fc4f0b74628c";
    /** The same under 'acp_whsec_rotated'. */
    static final String SPEC_V1_ROTATED = "2d16f66961374a5d005193b3ec527103df317554994598807ad956464471b3bd";

    @Override
    String scheme() {
        return "acp";
    }

    @Override
    boolean timestamped() {
        return true;
    }

    @Override
    Map<String, String> signedHeaders(String secret, byte[] body, long timestamp) {
        return Map.of("Merchant-Signature", "t=" + timestamp + ",v1=" + v1(secret, body, timestamp));
    }

    static String v1(String secret, byte[] body, long timestamp) {
        return TestSigning.hex(TestSigning.sha256(TestSigning.utf8(secret), timestamp + ".", body));
    }

    @Override
    String signatureHeader() {
        return "Merchant-Signature";
    }

    @Override
    String malformedSignature() {
        return "t=" + NOW + ",v1=not-hex";
    }

    private static SignatureScheme atSpecTime(String secrets, long offsetSeconds) {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(SPEC_T + offsetSeconds), ZoneOffset.UTC);
        return SignatureSchemes.create(SchemeSettings.builder().scheme("acp").source("acp").secrets(secrets)
                .clock(clock).build());
    }

    private static WebhookRequest specRequest(String header, byte[] body) {
        return new WebhookRequest("acp", Map.of("Merchant-Signature", header, "Content-Type", "application/json"),
                body, "https://hooks.example.com/webhooks/acp");
    }

    @Test
    void accepts_the_spec_order_created_example_signed_as_the_spec_states() throws Exception {
        VerifiedWebhook verified = atSpecTime("acp_whsec_example", 0)
                .verify(specRequest("t=" + SPEC_T + ",v1=" + SPEC_V1, SPEC_ORDER_CREATED));

        assertThat(verified.signedTimestamp()).isEqualTo(Long.toString(SPEC_T));
    }

    @Test
    void accepts_several_v1_signatures_when_any_matches_a_configured_secret() throws Exception {
        String header = "t=" + SPEC_T + ",v1=" + SPEC_V1_ROTATED + ",v1=" + SPEC_V1;

        atSpecTime("acp_whsec_example", 0).verify(specRequest(header, SPEC_ORDER_CREATED));
        atSpecTime("acp_whsec_rotated", 0).verify(specRequest(header, SPEC_ORDER_CREATED));
    }

    @Test
    void rejects_a_forged_signature_as_invalid_signature() {
        String forged = "t=" + SPEC_T + ",v1=" + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

        assertThat(refusal(atSpecTime("acp_whsec_example", 0), specRequest(forged, SPEC_ORDER_CREATED)))
                .isEqualTo(Reason.INVALID_SIGNATURE);
    }

    @Test
    void rejects_the_spec_example_replayed_after_the_300_second_window_as_timestamp_out_of_tolerance() {
        String header = "t=" + SPEC_T + ",v1=" + SPEC_V1;

        assertThat(refusal(atSpecTime("acp_whsec_example", 301), specRequest(header, SPEC_ORDER_CREATED)))
                .isEqualTo(Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    }

    @Test
    void rejects_a_request_without_merchant_signature_as_missing_signature() {
        WebhookRequest unsigned = new WebhookRequest("acp", Map.of("Content-Type", "application/json"),
                SPEC_ORDER_CREATED, null);

        assertThat(refusal(atSpecTime("acp_whsec_example", 0), unsigned)).isEqualTo(Reason.MISSING_SIGNATURE);
    }

    @Test
    void rejects_a_stripe_signature_header_as_missing_signature() {
        WebhookRequest stripe = new WebhookRequest("acp",
                Map.of("Stripe-Signature", "t=" + SPEC_T + ",v1=" + SPEC_V1), SPEC_ORDER_CREATED, null);

        assertThat(refusal(atSpecTime("acp_whsec_example", 0), stripe)).isEqualTo(Reason.MISSING_SIGNATURE);
    }
}
