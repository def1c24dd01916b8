package io.hooklane.deliver;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs outbound deliveries the Standard Webhooks way, so any Standard Webhooks library verifies them:
 * {@code v1,<base64(HMAC-SHA256(key, id + "." + timestamp + "." + body))>} with a {@code whsec_<base64>} secret.
 */
public final class StandardWebhookSignature {

    private final SecretKeySpec key;

    public StandardWebhookSignature(String secret) {
        String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a signing secret must be whsec_<base64>");
        }
        if (bytes.length == 0) {
            throw new IllegalArgumentException("a signing secret must not be empty");
        }
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
    }

    public String sign(String id, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "StandardWebhookSignature[***]";
    }
}
