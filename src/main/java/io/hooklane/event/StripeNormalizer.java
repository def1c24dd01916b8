package io.hooklane.event;

import static io.hooklane.event.CommerceTypes.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.verify.VerifiedWebhook;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/** Stripe events: {@code {"id":"evt_..","type":"charge.succeeded","created":1700000000,"data":{"object":{..}}}}. */
final class StripeNormalizer implements EventNormalizer {

    /** What this normalizer reads from the payload; the parser passes over the rest. */
    private static final FieldPaths FIELDS = FieldPaths.of("type", "id", "created", "data.object.id");

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("payment_intent.succeeded", PAYMENT_SUCCEEDED),
            Map.entry("payment_intent.payment_failed", PAYMENT_FAILED),
            Map.entry("charge.succeeded", PAYMENT_SUCCEEDED),
            Map.entry("charge.failed", PAYMENT_FAILED),
            Map.entry("charge.refunded", REFUND_CREATED),
            Map.entry("refund.created", REFUND_CREATED),
            Map.entry("customer.created", CUSTOMER_CREATED),
            Map.entry("customer.updated", CUSTOMER_UPDATED),
            Map.entry("product.created", PRODUCT_CREATED),
            Map.entry("product.updated", PRODUCT_UPDATED));

    private final String source;
    private final Supplier<String> idGenerator;

    StripeNormalizer(String source, Supplier<String> idGenerator) {
        this.source = source;
        this.idGenerator = idGenerator;
    }

    @Override
    public CanonicalEvent normalize(VerifiedWebhook webhook, Instant receivedAt) throws MalformedPayloadException {
        JsonNode body = Json.readObject(webhook.body(), FIELDS);
        String providerType = JsonFields.requiredType(body, "type");
        String providerId = JsonFields.text(body, "id");
        String id = Webhooks.idOrGenerated(providerId, idGenerator);
        Instant time = Times.firstOf(Times.fromNode(JsonFields.at(body, "created")), receivedAt);
        String type = mappedOrPassThrough(TYPES.get(providerType), source, providerType);
        return Webhooks.idFrom(providerId, new CanonicalEvent(id, source, type, providerType, time, JsonFields.identifier(body, "data", "object", "id"),
                Webhooks.contentType(webhook, "application/json"), webhook.body(), true));
    }
}
