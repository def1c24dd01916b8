package io.hooklane.event;

import static io.hooklane.event.CommerceTypes.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.verify.VerifiedWebhook;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Paddle Billing: {@code {"event_id":..,"notification_id":..,"event_type":"transaction.completed",
 * "occurred_at":..,"data":{"id":..}}}. An adjustment is a refund only when its action is {@code refund}.
 */
final class PaddleNormalizer implements EventNormalizer {

    /** What this normalizer reads from the payload; the parser passes over the rest. */
    private static final FieldPaths FIELDS = FieldPaths.of("event_type", "notification_id", "event_id", "occurred_at",
            "data.action", "data.id");

    private static final Map<String, String> TYPES = Map.of(
            "transaction.completed", PAYMENT_SUCCEEDED,
            "transaction.payment_failed", PAYMENT_FAILED,
            "customer.created", CUSTOMER_CREATED,
            "customer.updated", CUSTOMER_UPDATED);

    private final String source;
    private final Supplier<String> idGenerator;

    PaddleNormalizer(String source, Supplier<String> idGenerator) {
        this.source = source;
        this.idGenerator = idGenerator;
    }

    @Override
    public CanonicalEvent normalize(VerifiedWebhook webhook, Instant receivedAt) throws MalformedPayloadException {
        JsonNode body = Json.readObject(webhook.body(), FIELDS);
        String providerType = JsonFields.requiredType(body, "event_type");
        String providerId = JsonFields.firstText(body, "notification_id", "event_id");
        String id = Webhooks.idOrGenerated(providerId, idGenerator);
        Instant time = Times.firstOf(Times.iso(JsonFields.text(body, "occurred_at")), receivedAt);
        String mapped = "adjustment.created".equals(providerType)
                ? ("refund".equals(JsonFields.text(body, "data", "action")) ? REFUND_CREATED : null)
                : TYPES.get(providerType);
        return Webhooks.idFrom(providerId, new CanonicalEvent(id, source, mappedOrPassThrough(mapped, source,
                providerType), providerType, time, JsonFields.identifier(body, "data", "id"),
                Webhooks.contentType(webhook, "application/json"), webhook.body(), true));
    }
}
