package io.hooklane.deliver;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.hooklane.verify.Hmac;
import io.hooklane.verify.Secret;

/**
 * Signs outbound deliveries the Standard Webhooks way, so any Standard Webhooks library verifies them:
 * {@code v1,<base64(HMAC-SHA256(key, id + "." + timestamp + "." + body))>} with a {@code whsec_<base64>} secret.
 * The MAC is the ingest side's ({@link Hmac}: one {@code Mac} per thread, not one per delivery).
 */
public final class StandardWebhookSignature {

    private final Secret key;

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
        this.key = Secret.ofBytes(bytes);
    }

    public String sign(String id, long timestampSeconds, byte[] body) {
        byte[] signed = (id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
        return "v1," + Base64.getEncoder().encodeToString(Hmac.sign(Hmac.Algorithm.SHA256, key, signed, body));
    }

    @Override
    public String toString() {
        return "StandardWebhookSignature[***]";
    }
}
