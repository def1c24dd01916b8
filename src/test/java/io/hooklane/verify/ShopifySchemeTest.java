package io.hooklane.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ShopifySchemeTest extends SchemeContract {

    @Override
    String scheme() {
        return "shopify";
    }

    @Override
    Map<String, String> signedHeaders(String secret, byte[] body, long timestamp) {
        return Map.of("X-Shopify-Hmac-Sha256",
                TestSigning.base64(TestSigning.sha256(TestSigning.utf8(secret), "", body)));
    }

    @Override
    String signatureHeader() {
        return "X-Shopify-Hmac-Sha256";
    }

    @Override
    String malformedSignature() {
        return "%%%not-base64%%%";
    }

    @Test
    void rejects_a_hex_encoded_signature() {
        String hex = TestSigning.hex(TestSigning.sha256(TestSigning.utf8(secret(1)), "", BODY));
        assertThat(refusal(schemeWith(secret(1)), request(Map.of("X-Shopify-Hmac-Sha256", hex), BODY)))
                .isEqualTo(Reason.INVALID_SIGNATURE);
    }
}
