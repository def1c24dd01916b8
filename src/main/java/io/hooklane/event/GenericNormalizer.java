package io.hooklane.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.verify.VerifiedWebhook;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A sender that already speaks the plain shape {@code {"id":..,"event":"order.created","timestamp":..,"data":{..}}}
 * ({@code type} accepted instead of {@code event}; {@code id} optional). The type is taken as is.
 */
final class GenericNormalizer implements EventNormalizer {

    private final String source;
    private final Supplier<String> idGenerator;

    GenericNormalizer(String source, Supplier<String> idGenerator) {
        this.source = source;
        this.idGenerator = idGenerator;
    }

    @Override
    public CanonicalEvent normalize(VerifiedWebhook webhook, Instant receivedAt) throws MalformedPayloadException {
        JsonNode body = Json.readObject(webhook.body());
        String type = JsonFields.requiredType(body, "event", "type");
        String id = Webhooks.idOrGenerated(JsonFields.identifier(body, "id"), idGenerator);
        Instant time = Times.firstOf(Times.fromNode(JsonFields.at(body, "timestamp")), receivedAt);
        return new CanonicalEvent(id, source, type, type, time, JsonFields.identifier(body, "data", "id"),
                Webhooks.contentType(webhook, "application/json"), webhook.body());
    }
}
