package io.hooklane.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WooCommerceSchemeTest extends SchemeContract {

    @Override
    String scheme() {
        return "woocommerce";
    }

    @Override
    Map<String, String> signedHeaders(String secret, byte[] body, long timestamp) {
        return Map.of("X-WC-Webhook-Signature",
                TestSigning.base64(TestSigning.sha256(TestSigning.utf8(secret), "", body)));
    }

    @Override
    String signatureHeader() {
        return "X-WC-Webhook-Signature";
    }

    @Override
    String malformedSignature() {
        return "sha256=!!";
    }

    @Test
    void rejects_a_signature_sent_in_shopifys_header() {
        String signature = TestSigning.base64(TestSigning.sha256(TestSigning.utf8(secret(1)), "", BODY));
        assertThat(refusal(schemeWith(secret(1)), request(Map.of("X-Shopify-Hmac-Sha256", signature), BODY)))
                .isEqualTo(Reason.MISSING_SIGNATURE);
    }
}
