package io.hooklane.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaddleSchemeTest extends SchemeContract {

    // Published vector: PaddleHQ/paddle-python-sdk tests/Unit/Notification/test_Verifier.py
    private static final String VECTOR_HEADER =
            "ts=1696195954;h1=dummy;h1=d96299976a6eb066f484d7fde011ac56fc32b38fc9940bc419d6e537fdc6ef02";
    private static final String VECTOR_SECRETS = "pdl_ntf_01hbpjmytsa32fhr36nqgc3kgb_TjIG2BXbm83HPXqNfziwe506sBEdqL/4,"
            + "pdl_ntf_01hbpjmytsa32fhr36nqgc3kgb_vB/yIOnTOCWIvpBadM5jzBZPHc7OmdSo,"
            + "pdl_ntf_01hbpjmytsa32fhr36nqgc3kgb_WvRO0eL4Bj9rgYYIBZY6wZhG4EHy9jzh";

    @Override
    String scheme() {
        return "paddle";
    }

    @Override
    String secret(int n) {
        return "pdl_ntfset_01contract_secret" + n;
    }

    @Override
    boolean timestamped() {
        return true;
    }

    @Override
    Map<String, String> signedHeaders(String secret, byte[] body, long timestamp) {
        return Map.of("Paddle-Signature", "ts=" + timestamp + ";h1=" + h1(secret, body, timestamp));
    }

    static String h1(String secret, byte[] body, long timestamp) {
        return TestSigning.hex(TestSigning.sha256(TestSigning.utf8(secret), timestamp + ":", body));
    }

    @Override
    String signatureHeader() {
        return "Paddle-Signature";
    }

    @Override
    String malformedSignature() {
        return "ts=" + NOW + ";h1=zz";
    }

    private SignatureScheme vectorScheme(String secrets) {
        return SignatureSchemes.create(SchemeSettings.builder().scheme("paddle").source(SOURCE).secrets(secrets)
                .clock(Clock.fixed(Instant.ofEpochSecond(1696195954L), ZoneOffset.UTC)).build());
    }

    @Test
    void accepts_the_published_paddle_sdk_vector_where_the_third_secret_and_second_h1_match() {
        accepts(vectorScheme(VECTOR_SECRETS),
                request(Map.of("Paddle-Signature", VECTOR_HEADER), TestSigning.utf8("hello-world")));
    }

    @Test
    void rejects_the_published_paddle_sdk_vector_with_only_the_non_matching_secrets() {
        String firstTwo = VECTOR_SECRETS.substring(0, VECTOR_SECRETS.lastIndexOf(','));
        assertThat(refusal(vectorScheme(firstTwo),
                request(Map.of("Paddle-Signature", VECTOR_HEADER), TestSigning.utf8("hello-world"))))
                .isEqualTo(Reason.INVALID_SIGNATURE);
    }

    @Test
    void accepts_several_h1_signatures_when_one_matches() {
        String header = "ts=" + NOW + ";h1=" + h1(secret(2), BODY, NOW) + ";h1=" + h1(secret(1), BODY, NOW);
        accepts(schemeWith(secret(1)), request(Map.of("Paddle-Signature", header), BODY));
    }

    @Test
    void rejects_a_header_without_timestamp() {
        assertThat(refusal(schemeWith(secret(1)),
                request(Map.of("Paddle-Signature", "h1=" + h1(secret(1), BODY, NOW)), BODY)))
                .isEqualTo(Reason.MALFORMED_SIGNATURE);
    }

    @Test
    void rejects_stripe_style_separators() {
        assertThat(refusal(schemeWith(secret(1)), request(Map.of("Paddle-Signature",
                "ts=" + NOW + ",h1=" + h1(secret(1), BODY, NOW)), BODY))).isEqualTo(Reason.MALFORMED_SIGNATURE);
    }
}
