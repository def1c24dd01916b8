package io.hooklane.event;

import static io.hooklane.event.CommerceTypes.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.verify.VerifiedWebhook;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Shopify: the topic and ids travel in {@code X-Shopify-*} headers; the body (the resource itself) is read only for
 * the subject, so a body that is not JSON just leaves the subject empty.
 */
final class ShopifyNormalizer implements EventNormalizer {

    /** What this normalizer reads from the payload; the parser passes over the rest. */
    private static final FieldPaths FIELDS = FieldPaths.of("id", "inventory_item_id");

    private static final Map<String, String> TOPICS = Map.ofEntries(
            Map.entry("orders/create", ORDER_CREATED),
            Map.entry("orders/updated", ORDER_UPDATED),
            Map.entry("orders/cancelled", ORDER_CANCELLED),
            Map.entry("orders/paid", PAYMENT_SUCCEEDED),
            Map.entry("refunds/create", REFUND_CREATED),
            Map.entry("fulfillments/create", SHIPMENT_CREATED),
            Map.entry("fulfillments/update", SHIPMENT_UPDATED),
            Map.entry("inventory_levels/update", INVENTORY_UPDATED),
            Map.entry("products/create", PRODUCT_CREATED),
            Map.entry("products/update", PRODUCT_UPDATED),
            Map.entry("customers/create", CUSTOMER_CREATED),
            Map.entry("customers/update", CUSTOMER_UPDATED));

    private final String source;
    private final Supplier<String> idGenerator;

    ShopifyNormalizer(String source, Supplier<String> idGenerator) {
        this.source = source;
        this.idGenerator = idGenerator;
    }

    @Override
    public CanonicalEvent normalize(VerifiedWebhook webhook, Instant receivedAt) throws MalformedPayloadException {
        String topic = Webhooks.header(webhook, "X-Shopify-Topic");
        if (topic == null) {
            throw new MalformedPayloadException("request lacks the 'X-Shopify-Topic' header");
        }
        String id = Webhooks.idOrGenerated(
                Webhooks.header(webhook, "X-Shopify-Webhook-Id", "X-Shopify-Event-Id"), idGenerator);
        Instant time = Times.firstOf(Times.iso(Webhooks.header(webhook, "X-Shopify-Triggered-At")), receivedAt);
        JsonNode body = Json.readObjectOrNull(webhook.body(), FIELDS);
        String subject = JsonFields.identifier(body,
                topic.startsWith("inventory_levels/") ? "inventory_item_id" : "id");
        return new CanonicalEvent(id, source, mappedOrPassThrough(TOPICS.get(topic), source, topic), topic, time,
                subject, Webhooks.contentType(webhook, null), webhook.body(), body != null);
    }
}
