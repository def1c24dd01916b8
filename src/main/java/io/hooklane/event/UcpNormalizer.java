package io.hooklane.event;

import static io.hooklane.event.CommerceTypes.ORDER_CREATED;
import static io.hooklane.event.CommerceTypes.ORDER_UPDATED;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.verify.VerifiedWebhook;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Universal Commerce Protocol order event webhook: the body is the full order ({@code id}, {@code line_items},
 * {@code fulfillment}, {@code adjustments}, ...) plus {@code event_id} and {@code created_time}. The id is
 * {@code event_id}, the subject the order's {@code id}. UCP sends no type: the order is {@code order.created} while
 * nothing has happened to it since placement (no fulfillment event, no adjustment), {@code order.updated} after.
 */
final class UcpNormalizer implements EventNormalizer {

    static final String PROVIDER_TYPE = "order";

    private static final FieldPaths FIELDS = FieldPaths.of("id", "event_id", "created_time", "fulfillment.events",
            "adjustments");

    private final String source;
    private final Supplier<String> idGenerator;

    UcpNormalizer(String source, Supplier<String> idGenerator) {
        this.source = source;
        this.idGenerator = idGenerator;
    }

    @Override
    public CanonicalEvent normalize(VerifiedWebhook webhook, Instant receivedAt) throws MalformedPayloadException {
        JsonNode body = Json.readObject(webhook.body(), FIELDS);
        String orderId = JsonFields.identifier(body, "id");
        if (orderId == null) {
            throw new MalformedPayloadException("payload lacks the order's 'id' field");
        }
        String id = Webhooks.idOrGenerated(JsonFields.text(body, "event_id"), idGenerator);
        Instant time = Times.firstOf(Times.iso(JsonFields.text(body, "created_time")), receivedAt);
        String type = isEmpty(JsonFields.at(body, "fulfillment", "events")) && isEmpty(JsonFields.at(body, "adjustments"))
                ? ORDER_CREATED : ORDER_UPDATED;
        return new CanonicalEvent(id, source, type, PROVIDER_TYPE, time, orderId,
                Webhooks.contentType(webhook, "application/json"), webhook.body(), true);
    }

    private static boolean isEmpty(JsonNode node) {
        return node == null || node.isNull() || (node.isArray() && node.isEmpty());
    }
}
