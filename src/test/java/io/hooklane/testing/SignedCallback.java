package io.hooklane.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.hooklane.deliver.StandardWebhookSignature;

/** The headers of a callback signed the Standard Webhooks way, each with a fresh message id. */
public final class SignedCallback {

    private static final AtomicLong MESSAGES = new AtomicLong();

    private SignedCallback() {
    }

    public static Map<String, String> headers(String secret, Instant at, String body) {
        String id = "cb_" + MESSAGES.incrementAndGet();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", String.valueOf(at.getEpochSecond()));
        headers.put("webhook-signature", new StandardWebhookSignature(secret).sign(id, at.getEpochSecond(),
                body.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }
}
