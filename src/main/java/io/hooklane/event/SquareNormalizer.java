package io.hooklane.event;

import static io.hooklane.event.CommerceTypes.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.verify.VerifiedWebhook;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Square: {@code {"event_id":..,"type":"payment.updated","created_at":..,"data":{"id":..,"object":{..}}}}.
 * Payment events count as succeeded or failed only once the payment's status says so.
 */
final class SquareNormalizer implements EventNormalizer {

    /** What this normalizer reads from the payload; the parser passes over the rest. */
    private static final FieldPaths FIELDS = FieldPaths.of("type", "event_id", "created_at", "data.id",
            "data.object.payment.status");

    private static final Map<String, String> TYPES = Map.of(
            "order.created", ORDER_CREATED,
            "order.updated", ORDER_UPDATED,
            "refund.created", REFUND_CREATED,
            "inventory.count.updated", INVENTORY_UPDATED,
            "customer.created", CUSTOMER_CREATED,
            "customer.updated", CUSTOMER_UPDATED);

    private final String source;
    private final Supplier<String> idGenerator;

    SquareNormalizer(String source, Supplier<String> idGenerator) {
        this.source = source;
        this.idGenerator = idGenerator;
    }

    @Override
    public CanonicalEvent normalize(VerifiedWebhook webhook, Instant receivedAt) throws MalformedPayloadException {
        JsonNode body = Json.readObject(webhook.body(), FIELDS);
        String providerType = JsonFields.requiredType(body, "type");
        String providerId = JsonFields.text(body, "event_id");
        String id = Webhooks.idOrGenerated(providerId, idGenerator);
        Instant time = Times.firstOf(Times.iso(JsonFields.text(body, "created_at")), receivedAt);
        String type = mappedOrPassThrough(map(providerType, body), source, providerType);
        return Webhooks.idFrom(providerId, new CanonicalEvent(id, source, type, providerType, time,
                JsonFields.identifier(body, "data", "id"), Webhooks.contentType(webhook, "application/json"),
                webhook.body(), true));
    }

    private static String map(String providerType, JsonNode body) {
        String status = JsonFields.text(body, "data", "object", "payment", "status");
        switch (providerType) {
            case "payment.created":
                return "COMPLETED".equals(status) ? PAYMENT_SUCCEEDED : null;
            case "payment.updated":
                return "COMPLETED".equals(status) ? PAYMENT_SUCCEEDED : "FAILED".equals(status) ? PAYMENT_FAILED : null;
            default:
                return TYPES.get(providerType);
        }
    }
}
