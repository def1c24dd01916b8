package io.hooklane.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GitHubSchemeTest extends SchemeContract {

    @Override
    String scheme() {
        return "github";
    }

    @Override
    Map<String, String> signedHeaders(String secret, byte[] body, long timestamp) {
        return Map.of("X-Hub-Signature-256",
                "sha256=" + TestSigning.hex(TestSigning.sha256(TestSigning.utf8(secret), "", body)));
    }

    @Override
    String signatureHeader() {
        return "X-Hub-Signature-256";
    }

    @Override
    String malformedSignature() {
        return "sha256=xyz";
    }

    @Test
    void accepts_the_example_from_githubs_validating_webhook_deliveries_documentation() {
        SignatureScheme scheme = schemeWith("It's a Secret to Everybody");
        accepts(scheme, request(Map.of("X-Hub-Signature-256",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"),
                TestSigning.utf8("Hello, World!")));
    }

    @Test
    void rejects_a_signature_without_the_sha256_prefix() {
        assertThat(refusal(schemeWith("It's a Secret to Everybody"), request(Map.of("X-Hub-Signature-256",
                "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"),
                TestSigning.utf8("Hello, World!")))).isEqualTo(Reason.MALFORMED_SIGNATURE);
    }

    @Test
    void ignores_the_legacy_sha1_header() {
        assertThat(refusal(schemeWith(secret(1)), request(Map.of("X-Hub-Signature",
                "sha1=" + TestSigning.hex(TestSigning.hmac("HmacSHA1", TestSigning.utf8(secret(1)), BODY))), BODY)))
                .isEqualTo(Reason.MISSING_SIGNATURE);
    }
}
