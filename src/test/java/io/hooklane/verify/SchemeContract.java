package io.hooklane.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every scheme must do, run once per scheme by its test class: accept what its platform signs, refuse the rest
 * with the exact reason, accept any rotated secret, and never put the secret in a message.
 */
abstract class SchemeContract {

    static final long NOW = 1_700_000_000L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    static final String SOURCE = "shop-1";
    static final byte[] BODY = "{\"id\":\"evt_42\",\"type\":\"order.paid\",\"amount\":4200}"
            .getBytes(StandardCharsets.UTF_8);

    private final List<String> messages = new ArrayList<>();

    /** The scheme's configured name. */
    abstract String scheme();

    /** The headers the platform sends for this body, signed with the configured secret text at the timestamp. */
    abstract Map<String, String> signedHeaders(String secret, byte[] body, long timestamp);

    /** The header carrying the signature. */
    abstract String signatureHeader();

    /** A present value of the signature header that cannot be parsed. */
    abstract String malformedSignature();

    /** The n-th configured secret, as the operator writes it. */
    String secret(int n) {
        return "s3cr3t-contract-key-" + n + "-Zq8";
    }

    boolean timestamped() {
        return false;
    }

    SchemeSettings.Builder configure(SchemeSettings.Builder builder) {
        return builder;
    }

    /** The URL the request arrives at. */
    String url() {
        return "https://hooks.example.com/in/" + SOURCE;
    }

    final SignatureScheme schemeWith(String secrets) {
        return SignatureSchemes.create(configure(SchemeSettings.builder()
                .scheme(scheme()).source(SOURCE).secrets(secrets).clock(CLOCK)).build());
    }

    final WebhookRequest request(Map<String, String> headers, byte[] body) {
        return new WebhookRequest(SOURCE, headers, body, url());
    }

    /** The reason the scheme refuses the request; fails the test if it accepts it. */
    final Reason refusal(SignatureScheme scheme, WebhookRequest request) {
        VerificationException e = catchThrowableOfType(VerificationException.class, () -> scheme.verify(request));
        assertThat(e).as("expected a refusal").isNotNull();
        messages.add(e.getMessage());
        return e.reason();
    }

    final void accepts(SignatureScheme scheme, WebhookRequest request) {
        assertThatCode(() -> assertThat(scheme.verify(request).body()).isEqualTo(request.body()))
                .doesNotThrowAnyException();
    }

    @AfterEach
    void messages_never_contain_a_secret_or_a_signature() {
        for (String message : messages) {
            assertThat(message).isNotBlank()
                    .doesNotContain(secret(1)).doesNotContain(secret(2))
                    .doesNotContain(signedHeaders(secret(1), BODY, NOW).get(signatureHeader()));
        }
    }

    @Test
    void accepts_correctly_signed_webhook() {
        accepts(schemeWith(secret(1)), request(signedHeaders(secret(1), BODY, NOW), BODY));
    }

    @Test
    void accepts_correctly_signed_empty_body() {
        accepts(schemeWith(secret(1)), request(signedHeaders(secret(1), new byte[0], NOW), new byte[0]));
    }

    @Test
    void accepts_header_names_in_any_case() {
        Map<String, String> upper = new HashMap<>();
        signedHeaders(secret(1), BODY, NOW).forEach((k, v) -> upper.put(k.toUpperCase(), v));
        accepts(schemeWith(secret(1)), request(upper, BODY));
    }

    @Test
    void rejects_webhook_without_signature_header() {
        Map<String, String> headers = new HashMap<>(signedHeaders(secret(1), BODY, NOW));
        headers.remove(signatureHeader());
        assertThat(refusal(schemeWith(secret(1)), request(headers, BODY))).isEqualTo(Reason.MISSING_SIGNATURE);
    }

    @Test
    void rejects_webhook_with_blank_signature_header() {
        Map<String, String> headers = new HashMap<>(signedHeaders(secret(1), BODY, NOW));
        headers.put(signatureHeader(), "  ");
        assertThat(refusal(schemeWith(secret(1)), request(headers, BODY))).isEqualTo(Reason.MISSING_SIGNATURE);
    }

    @Test
    void rejects_webhook_with_malformed_signature_header() {
        Map<String, String> headers = new HashMap<>(signedHeaders(secret(1), BODY, NOW));
        headers.put(signatureHeader(), malformedSignature());
        assertThat(refusal(schemeWith(secret(1)), request(headers, BODY))).isEqualTo(Reason.MALFORMED_SIGNATURE);
    }

    @Test
    void rejects_webhook_with_oversized_signature_header() {
        Map<String, String> headers = new HashMap<>(signedHeaders(secret(1), BODY, NOW));
        headers.put(signatureHeader(), headers.get(signatureHeader()) + " ".repeat(Checks.MAX_HEADER_LENGTH));
        assertThat(refusal(schemeWith(secret(1)), request(headers, BODY))).isEqualTo(Reason.MALFORMED_SIGNATURE);
    }

    @Test
    void rejects_webhook_signed_with_another_secret() {
        assertThat(refusal(schemeWith(secret(1)), request(signedHeaders(secret(2), BODY, NOW), BODY)))
                .isEqualTo(Reason.INVALID_SIGNATURE);
    }

    @Test
    void rejects_webhook_whose_body_was_tampered_by_one_byte() {
        assertThat(refusal(schemeWith(secret(1)),
                request(signedHeaders(secret(1), BODY, NOW), TestSigning.tampered(BODY))))
                .isEqualTo(Reason.INVALID_SIGNATURE);
    }

    @Test
    void accepts_webhook_signed_with_the_second_of_two_rotated_secrets() {
        accepts(schemeWith(secret(1) + "," + secret(2)), request(signedHeaders(secret(2), BODY, NOW), BODY));
    }

    @Test
    void accepts_webhook_signed_with_the_first_of_two_rotated_secrets_ignoring_blank_entries() {
        accepts(schemeWith(" " + secret(1) + " , ,," + secret(2) + ","),
                request(signedHeaders(secret(1), BODY, NOW), BODY));
    }

    @Test
    void rejects_webhook_signed_with_neither_of_two_rotated_secrets() {
        assertThat(refusal(schemeWith(secret(1) + "," + secret(2)),
                request(signedHeaders(secret(3), BODY, NOW), BODY))).isEqualTo(Reason.INVALID_SIGNATURE);
    }

    @Test
    void rejects_webhook_with_stale_timestamp() {
        assumeTrue(timestamped(), "scheme has no timestamp");
        assertThat(refusal(schemeWith(secret(1)), request(signedHeaders(secret(1), BODY, NOW - 301), BODY)))
                .isEqualTo(Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    }

    @Test
    void rejects_webhook_with_future_timestamp() {
        assumeTrue(timestamped(), "scheme has no timestamp");
        assertThat(refusal(schemeWith(secret(1)), request(signedHeaders(secret(1), BODY, NOW + 301), BODY)))
                .isEqualTo(Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    }

    @Test
    void accepts_timestamps_at_either_edge_of_the_tolerance() {
        assumeTrue(timestamped(), "scheme has no timestamp");
        accepts(schemeWith(secret(1)), request(signedHeaders(secret(1), BODY, NOW - 300), BODY));
        accepts(schemeWith(secret(1)), request(signedHeaders(secret(1), BODY, NOW + 300), BODY));
    }

    @Test
    void checks_the_timestamp_before_the_signature() {
        assumeTrue(timestamped(), "scheme has no timestamp");
        assertThat(refusal(schemeWith(secret(1)), request(signedHeaders(secret(2), BODY, NOW - 3600), BODY)))
                .isEqualTo(Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    }

    @Test
    void honours_a_configured_tolerance() {
        assumeTrue(timestamped(), "scheme has no timestamp");
        SignatureScheme lenient = SignatureSchemes.create(configure(SchemeSettings.builder().scheme(scheme())
                .source(SOURCE).secrets(secret(1)).clock(CLOCK).tolerance(java.time.Duration.ofHours(1))).build());
        accepts(lenient, request(signedHeaders(secret(1), BODY, NOW - 3000), BODY));
    }

    @Test
    void refuses_a_null_request_with_a_verification_exception() {
        assertThat(refusal(schemeWith(secret(1)), null)).isEqualTo(Reason.MISSING_SIGNATURE);
    }
}
