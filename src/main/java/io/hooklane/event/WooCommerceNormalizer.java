package io.hooklane.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.verify.VerifiedWebhook;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * WooCommerce: the topic ({@code order.created}, {@code product.updated}, ...) travels in {@code X-WC-Webhook-Topic}
 * and mostly is in the vocabulary already. The first delivery of a new webhook is a form-encoded ping
 * ({@code webhook_id=12}) without a topic; its body is not read.
 */
final class WooCommerceNormalizer implements EventNormalizer {

    /** What this normalizer reads from the payload; the parser passes over the rest. */
    private static final FieldPaths FIELDS = FieldPaths.of("id");

    static final String PING = "ping";
    private static final String FORM = "application/x-www-form-urlencoded";

    private final String source;
    private final Supplier<String> idGenerator;

    WooCommerceNormalizer(String source, Supplier<String> idGenerator) {
        this.source = source;
        this.idGenerator = idGenerator;
    }

    @Override
    public CanonicalEvent normalize(VerifiedWebhook webhook, Instant receivedAt) {
        String id = Webhooks.idOrGenerated(Webhooks.header(webhook, "X-WC-Webhook-Delivery-ID"), idGenerator);
        String topic = Webhooks.header(webhook, "X-WC-Webhook-Topic");
        if (topic == null) {
            return new CanonicalEvent(id, source, CommerceTypes.passThrough(source, PING), PING, receivedAt, null,
                    Webhooks.contentType(webhook, FORM), webhook.body());
        }
        JsonNode body = Json.readObjectOrNull(webhook.body(), FIELDS);
        return new CanonicalEvent(id, source, type(topic), topic, receivedAt, JsonFields.identifier(body, "id"),
                Webhooks.contentType(webhook, null), webhook.body(), body != null);
    }

    private String type(String topic) {
        if ("order.deleted".equals(topic)) {
            return CommerceTypes.ORDER_CANCELLED;
        }
        return CommerceTypes.ALL.contains(topic) ? topic : CommerceTypes.passThrough(source, topic);
    }
}
