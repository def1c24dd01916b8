package io.hooklane.sender;

import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Standard Webhooks: {@code webhook-signature: v1,base64(HMAC(base64decode(secret), "{id}.{ts}.{body}"))}. */
public final class StandardWebhooksSigner implements WebhookSigner {

    private static final String PREFIX = "whsec_";

    private final byte[] key;
    private final Clock clock;
    private final Supplier<String> ids;

    public StandardWebhooksSigner(String secret, Clock clock, Supplier<String> ids) {
        String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        try {
            this.key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a Standard Webhooks secret is whsec_<base64>", e);
        }
        this.clock = clock;
        this.ids = ids;
    }

    @Override
    public Map<String, String> sign(byte[] body, String topic, String url) {
        String id = ids.get();
        String ts = Long.toString(clock.instant().getEpochSecond());
        byte[] mac = Hmac.sha256(key, Hmac.utf8(id + "." + ts + "."), body);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", ts);
        headers.put("webhook-signature", "v1," + Hmac.base64(mac));
        return headers;
    }
}
