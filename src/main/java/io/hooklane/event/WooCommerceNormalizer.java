package io.hooklane.event;

import static io.hooklane.event.BodyShape.requiring;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.verify.VerifiedWebhook;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * WooCommerce: the topic ({@code order.created}, {@code product.updated}, ...) travels in {@code X-WC-Webhook-Topic}
 * and mostly is in the vocabulary already. WooCommerce signs the body only, so a topic in {@link #SHAPES} is believed
 * only when the signed body (the resource as its REST API returns it) has that resource's shape; a {@code *.deleted}
 * topic's body is the deleted resource's id alone. A mismatch is refused as
 * {@link MalformedPayloadException.Reason#TYPE_MISMATCH}. The first delivery of a new webhook is a form-encoded ping
 * ({@code webhook_id=12}) without a topic; a request without a topic whose body is not such a ping is refused too.
 */
final class WooCommerceNormalizer implements EventNormalizer {

    static final String TOPIC_HEADER = "X-WC-Webhook-Topic";
    static final String PING = "ping";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final byte[] PING_BODY = "webhook_id=".getBytes(StandardCharsets.US_ASCII);

    private static final BodyShape ORDER = requiring("order_key", "line_items");
    private static final BodyShape PRODUCT = requiring("type", "price").without("line_items");
    private static final BodyShape CUSTOMER = requiring("email", "role");
    private static final BodyShape COUPON = requiring("code", "discount_type");
    /** WooCommerce sends a deleted resource as {@code {"id": ..}}: none of the members that tell resources apart. */
    private static final BodyShape DELETED = requiring("id")
            .without("order_key", "line_items", "type", "price", "email", "role", "code", "discount_type");

    static final Map<String, BodyShape> SHAPES = Map.ofEntries(
            Map.entry("order.created", ORDER),
            Map.entry("order.updated", ORDER),
            Map.entry("order.restored", ORDER),
            Map.entry("order.deleted", DELETED),
            Map.entry("product.created", PRODUCT),
            Map.entry("product.updated", PRODUCT),
            Map.entry("product.restored", PRODUCT),
            Map.entry("product.deleted", DELETED),
            Map.entry("customer.created", CUSTOMER),
            Map.entry("customer.updated", CUSTOMER),
            Map.entry("customer.deleted", DELETED),
            Map.entry("coupon.created", COUPON),
            Map.entry("coupon.updated", COUPON),
            Map.entry("coupon.restored", COUPON),
            Map.entry("coupon.deleted", DELETED));

    /** What this normalizer reads from the payload; the parser passes over the rest. */
    private static final FieldPaths FIELDS = FieldPaths.of(List.of("id"), BodyShape.membersOf(SHAPES.values()));

    private final String source;
    private final Supplier<String> idGenerator;

    WooCommerceNormalizer(String source, Supplier<String> idGenerator) {
        this.source = source;
        this.idGenerator = idGenerator;
    }

    @Override
    public CanonicalEvent normalize(VerifiedWebhook webhook, Instant receivedAt) throws MalformedPayloadException {
        String deliveryId = Webhooks.header(webhook, "X-WC-Webhook-Delivery-ID");
        String id = Webhooks.idOrGenerated(deliveryId, idGenerator);
        String unsigned = UnsignedAttributes.of(true, deliveryId != null, false);
        String topic = Webhooks.header(webhook, TOPIC_HEADER);
        if (topic == null) {
            if (!isPing(webhook.body())) {
                throw MalformedPayloadException.typeMismatch("a request without '" + TOPIC_HEADER
                        + "' is a ping, and the signed body is not one ('webhook_id=...')");
            }
            return Webhooks.idFrom(deliveryId, new CanonicalEvent(id, source, CommerceTypes.passThrough(source, PING),
                    PING, receivedAt, null, Webhooks.contentType(webhook, FORM), webhook.body(), false, unsigned));
        }
        JsonNode body = Json.readObjectOrNull(webhook.body(), FIELDS);
        BodyShape shape = SHAPES.get(topic);
        if (shape != null) {
            shape.confirm(body, TOPIC_HEADER + " '" + topic + "'");
        }
        return Webhooks.idFrom(deliveryId, new CanonicalEvent(id, source, type(topic), topic, receivedAt,
                JsonFields.identifier(body, "id"), Webhooks.contentType(webhook, null), webhook.body(), body != null,
                unsigned));
    }

    private static boolean isPing(byte[] body) {
        return body.length >= PING_BODY.length
                && Arrays.equals(body, 0, PING_BODY.length, PING_BODY, 0, PING_BODY.length);
    }

    private String type(String topic) {
        if ("order.deleted".equals(topic)) {
            return CommerceTypes.ORDER_CANCELLED;
        }
        return CommerceTypes.ALL.contains(topic) ? topic : CommerceTypes.passThrough(source, topic);
    }
}
