package io.hooklane.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StripeSchemeTest extends SchemeContract {

    @Override
    String scheme() {
        return "stripe";
    }

    @Override
    String secret(int n) {
        return "whsec_stripeContractSecret" + n; // Stripe uses the whole text, prefix included, as the key
    }

    @Override
    boolean timestamped() {
        return true;
    }

    @Override
    Map<String, String> signedHeaders(String secret, byte[] body, long timestamp) {
        return Map.of("Stripe-Signature", "t=" + timestamp + ",v1=" + v1(secret, body, timestamp));
    }

    static String v1(String secret, byte[] body, long timestamp) {
        return TestSigning.hex(TestSigning.sha256(TestSigning.utf8(secret), timestamp + ".", body));
    }

    @Override
    String signatureHeader() {
        return "Stripe-Signature";
    }

    @Override
    String malformedSignature() {
        return "t=" + NOW + ",v1=not-hex";
    }

    private Reason refusalOf(String header) {
        return refusal(schemeWith(secret(1)), request(Map.of("Stripe-Signature", header), BODY));
    }

    @Test
    void accepts_several_v1_signatures_when_one_matches_and_ignores_v0() {
        String header = "t=" + NOW + ",v1=" + v1(secret(2), BODY, NOW) + ",v1=" + v1(secret(1), BODY, NOW)
                + ",v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39";
        accepts(schemeWith(secret(1)), request(Map.of("Stripe-Signature", header), BODY));
    }

    @Test
    void accepts_elements_in_any_order() {
        String header = "v1=" + v1(secret(1), BODY, NOW) + ",t=" + NOW;
        accepts(schemeWith(secret(1)), request(Map.of("Stripe-Signature", header), BODY));
    }

    @Test
    void rejects_a_header_without_timestamp() {
        assertThat(refusalOf("v1=" + v1(secret(1), BODY, NOW))).isEqualTo(Reason.MALFORMED_SIGNATURE);
    }

    @Test
    void rejects_a_non_numeric_timestamp() {
        assertThat(refusalOf("t=yesterday,v1=" + v1(secret(1), BODY, NOW))).isEqualTo(Reason.MALFORMED_SIGNATURE);
    }

    @Test
    void rejects_a_header_with_two_timestamps() {
        assertThat(refusalOf("t=" + NOW + ",t=" + NOW + ",v1=" + v1(secret(1), BODY, NOW)))
                .isEqualTo(Reason.MALFORMED_SIGNATURE);
    }

    @Test
    void rejects_a_header_with_only_v0_signatures() {
        assertThat(refusalOf("t=" + NOW + ",v0=" + v1(secret(1), BODY, NOW))).isEqualTo(Reason.INVALID_SIGNATURE);
    }

    @Test
    void rejects_a_signature_moved_to_another_timestamp() {
        assertThat(refusalOf("t=" + (NOW - 1) + ",v1=" + v1(secret(1), BODY, NOW)))
                .isEqualTo(Reason.INVALID_SIGNATURE);
    }
}
