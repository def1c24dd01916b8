package io.hooklane.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.verify.VerifiedWebhook;
import java.time.Instant;
import java.util.function.Supplier;

/** Standard Webhooks (and Svix): the body's {@code type} is already the sender's chosen vocabulary, kept as is. */
final class StandardWebhooksNormalizer implements EventNormalizer {

    /** What this normalizer reads from the payload; the parser passes over the rest. */
    private static final FieldPaths FIELDS = FieldPaths.of("type", "timestamp", "data.id");

    private final String source;
    private final Supplier<String> idGenerator;

    StandardWebhooksNormalizer(String source, Supplier<String> idGenerator) {
        this.source = source;
        this.idGenerator = idGenerator;
    }

    @Override
    public CanonicalEvent normalize(VerifiedWebhook webhook, Instant receivedAt) throws MalformedPayloadException {
        JsonNode body = Json.readObject(webhook.body(), FIELDS);
        String type = JsonFields.requiredType(body, "type");
        String providerId = Webhooks.header(webhook, "webhook-id", "svix-id");
        String id = Webhooks.idOrGenerated(providerId, idGenerator);
        Instant time = Times.firstOf(
                Times.iso(JsonFields.text(body, "timestamp")),
                Times.epochSeconds(Webhooks.header(webhook, "webhook-timestamp", "svix-timestamp")),
                receivedAt);
        return Webhooks.idFrom(providerId, new CanonicalEvent(id, source, type, type, time,
                JsonFields.identifier(body, "data", "id"), Webhooks.contentType(webhook, "application/json"),
                webhook.body(), true));
    }
}
