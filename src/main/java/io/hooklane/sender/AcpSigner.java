package io.hooklane.sender;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Agentic Commerce Protocol: {@code Merchant-Signature: t=<ts>,v1=<hex HMAC-SHA256(secret, "{t}.{body}")>}, and a
 * {@code Request-Id} for tracking (not signed).
 */
public final class AcpSigner implements WebhookSigner {

    private final String secret;
    private final Clock clock;
    private final Supplier<String> ids;

    public AcpSigner(String secret, Clock clock, Supplier<String> ids) {
        this.secret = secret;
        this.clock = clock;
        this.ids = ids;
    }

    @Override
    public Map<String, String> sign(byte[] body, String topic, String url) {
        String t = Long.toString(clock.instant().getEpochSecond());
        String v1 = Hmac.hex(Hmac.sha256(secret, Hmac.utf8(t + "."), body));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Merchant-Signature", "t=" + t + ",v1=" + v1);
        headers.put("Request-Id", ids.get());
        return headers;
    }
}
