package io.hooklane.event;

import static io.hooklane.event.BodyShape.requiring;
import static io.hooklane.event.CommerceTypes.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.verify.VerifiedWebhook;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Shopify: the topic and ids travel in {@code X-Shopify-*} headers, which Shopify does not sign (its HMAC covers the
 * body only). A topic mapped into the commerce vocabulary is believed only when the signed body (the resource
 * itself) has that topic's shape ({@link #SHAPES}): an {@code orders/create} body re-sent as {@code orders/paid} is
 * refused as {@link MalformedPayloadException.Reason#TYPE_MISMATCH}. Other topics pass through, their body read only
 * for the subject (a body that is not JSON just leaves it empty). The event names its header-borne attributes in
 * {@code unsignedattrs}.
 */
final class ShopifyNormalizer implements EventNormalizer {

    static final String TOPIC_HEADER = "X-Shopify-Topic";

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

    /** An order as every {@code orders/*} topic above delivers it (a refund or fulfilment has no order number). */
    private static final BodyShape ORDER = requiring("order_number", "line_items", "financial_status");
    private static final BodyShape FULFILLMENT = requiring("order_id", "status")
            .andOneOf("tracking_number", "tracking_numbers", "tracking_company", "tracking_url", "tracking_urls");
    private static final BodyShape PRODUCT = requiring("title", "variants");
    private static final BodyShape CUSTOMER = requiring("state", "verified_email").without("line_items", "order_id");

    /**
     * What the signed body must show for each mapped topic. {@code orders/paid} is sent when an order becomes fully
     * paid, and its body is the order at that moment: {@code financial_status} {@code paid} (a pending, authorized
     * or partially paid order is not a payment that succeeded). {@code orders/cancelled} carries the cancellation
     * time.
     */
    static final Map<String, BodyShape> SHAPES = Map.ofEntries(
            Map.entry("orders/create", ORDER),
            Map.entry("orders/updated", ORDER),
            Map.entry("orders/paid", ORDER.withText("financial_status", "paid")),
            Map.entry("orders/cancelled", ORDER.withNonNull("cancelled_at")),
            Map.entry("refunds/create", requiring("order_id").andOneOf("refund_line_items", "transactions")),
            Map.entry("fulfillments/create", FULFILLMENT),
            Map.entry("fulfillments/update", FULFILLMENT),
            Map.entry("inventory_levels/update", requiring("inventory_item_id", "available")),
            Map.entry("products/create", PRODUCT),
            Map.entry("products/update", PRODUCT),
            Map.entry("customers/create", CUSTOMER),
            Map.entry("customers/update", CUSTOMER));

    /** What this normalizer reads from the payload; the parser passes over the rest. */
    private static final FieldPaths FIELDS = FieldPaths.of(List.of("id", "inventory_item_id"),
            BodyShape.membersOf(SHAPES.values()));

    private final String source;
    private final Supplier<String> idGenerator;

    ShopifyNormalizer(String source, Supplier<String> idGenerator) {
        this.source = source;
        this.idGenerator = idGenerator;
    }

    @Override
    public CanonicalEvent normalize(VerifiedWebhook webhook, Instant receivedAt) throws MalformedPayloadException {
        String topic = Webhooks.header(webhook, TOPIC_HEADER);
        if (topic == null) {
            throw new MalformedPayloadException("request lacks the '" + TOPIC_HEADER + "' header");
        }
        JsonNode body = Json.readObjectOrNull(webhook.body(), FIELDS);
        BodyShape shape = SHAPES.get(topic);
        if (shape != null) {
            shape.confirm(body, TOPIC_HEADER + " '" + topic + "'");
        }
        String providerId = Webhooks.header(webhook, "X-Shopify-Webhook-Id", "X-Shopify-Event-Id");
        String id = Webhooks.idOrGenerated(providerId, idGenerator);
        Instant triggeredAt = Times.iso(Webhooks.header(webhook, "X-Shopify-Triggered-At"));
        Instant time = Times.firstOf(triggeredAt, receivedAt);
        String subject = JsonFields.identifier(body,
                topic.startsWith("inventory_levels/") ? "inventory_item_id" : "id");
        String type = mappedOrPassThrough(TOPICS.get(topic), source, topic);
        return Webhooks.idFrom(providerId, new CanonicalEvent(id, source, type, topic, time, subject, Webhooks.contentType(webhook, null), webhook.body(), body != null,
                UnsignedAttributes.of(true, providerId != null, triggeredAt != null)));
    }
}
