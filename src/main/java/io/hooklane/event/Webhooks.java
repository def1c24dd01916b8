package io.hooklane.event;

import io.hooklane.verify.VerifiedWebhook;
import java.util.function.Supplier;

/** Small reads of the verified request shared by the normalizers. */
final class Webhooks {

    private Webhooks() {
    }

    /** The first of the headers that is present and non-blank, trimmed; else null. */
    static String header(VerifiedWebhook webhook, String... names) {
        for (String name : names) {
            String value = webhook.header(name);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    /** The request's Content-Type header as sent, or the fallback when it is absent. */
    static String contentType(VerifiedWebhook webhook, String fallback) {
        String value = header(webhook, "Content-Type");
        return value != null ? value : fallback;
    }

    /** The provider's id, or a generated one when the provider sent none. */
    static String idOrGenerated(String providerId, Supplier<String> idGenerator) {
        return providerId != null && !providerId.isBlank() ? providerId : idGenerator.get();
    }
}
