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

    /**
     * The event as built, marked {@link CanonicalEvent#idGenerated()} when the provider sent no id (null or blank):
     * its id was then made by the gateway, and cannot tell a replay from a new event.
     */
    static CanonicalEvent idFrom(String providerId, CanonicalEvent event) {
        return providerId != null && !providerId.isBlank() ? event : event.withGeneratedId();
    }

    /** The provider's id, or a generated one when the provider sent none. */
    static String idOrGenerated(String providerId, Supplier<String> idGenerator) {
        return providerId != null && !providerId.isBlank() ? providerId : idGenerator.get();
    }
}
