package io.hooklane.sender;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** Paddle Billing: {@code Paddle-Signature: ts=<ts>;h1=<hex HMAC(secret, "{ts}:{body}")>}. */
public final class PaddleSigner implements WebhookSigner {

    private final String secret;
    private final Clock clock;

    public PaddleSigner(String secret, Clock clock) {
        this.secret = secret;
        this.clock = clock;
    }

    @Override
    public Map<String, String> sign(byte[] body, String topic, String url) {
        String ts = Long.toString(clock.instant().getEpochSecond());
        String h1 = Hmac.hex(Hmac.sha256(secret, Hmac.utf8(ts + ":"), body));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Paddle-Signature", "ts=" + ts + ";h1=" + h1);
        return headers;
    }
}
