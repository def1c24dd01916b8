package io.hooklane.event;

import io.hooklane.verify.TestWebhooks;
import io.hooklane.verify.VerifiedWebhook;
import io.hooklane.verify.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shared helpers: a fixed receive time, a fixed generated id and quick webhook construction. */
final class Fixtures {

    static final Instant RECEIVED_AT = Instant.parse("2025-01-01T00:00:00Z");
    static final String GENERATED_ID = "generated-0001";

    private Fixtures() {
    }

    static Map<String, String> headers(String... namesAndValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    static VerifiedWebhook webhook(String source, Map<String, String> headers, byte[] body) {
        return TestWebhooks.verified(new WebhookRequest(source, headers, body, "https://hooks.example.com/" + source));
    }

    static CanonicalEvent normalize(String scheme, Map<String, String> headers, String body)
            throws MalformedPayloadException {
        return normalize(scheme, scheme, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    static CanonicalEvent normalize(String scheme, String source, Map<String, String> headers, byte[] body)
            throws MalformedPayloadException {
        return EventNormalizers.forScheme(scheme, source, () -> GENERATED_ID)
                .normalize(webhook(source, headers, body), RECEIVED_AT);
    }

    static String text(CanonicalEvent event) {
        return new String(event.data(), StandardCharsets.UTF_8);
    }
}
