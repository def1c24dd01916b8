package io.hooklane.sender;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** Stripe: {@code Stripe-Signature: t=<ts>,v1=<hex HMAC(secret, "{t}.{body}")>}. */
public final class StripeSigner implements WebhookSigner {

    private final String secret;
    private final Clock clock;

    public StripeSigner(String secret, Clock clock) {
        this.secret = secret;
        this.clock = clock;
    }

    @Override
    public Map<String, String> sign(byte[] body, String topic, String url) {
        String t = Long.toString(clock.instant().getEpochSecond());
        String v1 = Hmac.hex(Hmac.sha256(secret, Hmac.utf8(t + "."), body));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Stripe-Signature", "t=" + t + ",v1=" + v1);
        return headers;
    }
}
