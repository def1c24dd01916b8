package io.hooklane.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generic scheme in its fullest form: SHA-512, base64, a prefix and a timestamp header. */
class GenericHmacSchemeTest extends SchemeContract {

    @Override
    String scheme() {
        return "generic";
    }

    @Override
    SchemeSettings.Builder configure(SchemeSettings.Builder builder) {
        return builder.header("X-Signature").algorithm("sha512").encoding("base64").prefix("v1=")
                .timestampHeader("X-Timestamp");
    }

    @Override
    boolean timestamped() {
        return true;
    }

    @Override
    Map<String, String> signedHeaders(String secret, byte[] body, long timestamp) {
        byte[] mac = TestSigning.hmac("HmacSHA512", TestSigning.utf8(secret),
                TestSigning.concat(TestSigning.utf8(timestamp + "."), body));
        return Map.of("X-Signature", "v1=" + TestSigning.base64(mac), "X-Timestamp", String.valueOf(timestamp));
    }

    @Override
    String signatureHeader() {
        return "X-Signature";
    }

    @Override
    String malformedSignature() {
        return "v2=" + TestSigning.base64(new byte[64]);
    }

    private SignatureScheme plain() {
        return SignatureSchemes.create(SchemeSettings.builder().scheme("generic").source(SOURCE).secrets(secret(1))
                .header("X-Signature").build());
    }

    @Test
    void defaults_to_hex_sha256_of_the_body_without_prefix() {
        String hex = TestSigning.hex(TestSigning.sha256(TestSigning.utf8(secret(1)), "", BODY));
        accepts(plain(), request(Map.of("X-Signature", hex), BODY));
        accepts(plain(), request(Map.of("X-Signature", hex.toUpperCase()), BODY));
    }

    @Test
    void rejects_a_sha256_signature_when_sha512_is_configured() {
        String b64 = TestSigning.base64(TestSigning.sha256(TestSigning.utf8(secret(1)), NOW + ".", BODY));
        assertThat(refusal(schemeWith(secret(1)), request(Map.of("X-Signature", "v1=" + b64,
                "X-Timestamp", String.valueOf(NOW)), BODY))).isEqualTo(Reason.INVALID_SIGNATURE);
    }

    @Test
    void rejects_webhook_without_the_configured_timestamp_header() {
        Map<String, String> headers = new java.util.HashMap<>(signedHeaders(secret(1), BODY, NOW));
        headers.remove("X-Timestamp");
        assertThat(refusal(schemeWith(secret(1)), request(headers, BODY))).isEqualTo(Reason.MISSING_SIGNATURE);
    }

    @Test
    void rejects_a_non_numeric_timestamp() {
        Map<String, String> headers = new java.util.HashMap<>(signedHeaders(secret(1), BODY, NOW));
        headers.put("X-Timestamp", "2023-11-14T22:13:20Z");
        assertThat(refusal(schemeWith(secret(1)), request(headers, BODY))).isEqualTo(Reason.MALFORMED_SIGNATURE);
    }

    @Test
    void rejects_a_hex_signature_when_hex_is_configured_but_the_text_is_not_hex() {
        assertThat(refusal(plain(), request(Map.of("X-Signature", "abc"), BODY)))
                .isEqualTo(Reason.MALFORMED_SIGNATURE);
    }

    @Test
    void refuses_to_build_without_a_header() {
        assertThatThrownBy(() -> SchemeSettings.builder().scheme("generic").source(SOURCE).secrets(secret(1))
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hooklane source 'shop-1': header must be set for the generic scheme but was null");
    }
}
