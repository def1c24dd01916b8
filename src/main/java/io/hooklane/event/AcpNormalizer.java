package io.hooklane.event;

import static io.hooklane.event.CommerceTypes.ORDER_CREATED;
import static io.hooklane.event.CommerceTypes.ORDER_UPDATED;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.verify.VerifiedWebhook;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Agentic Commerce Protocol order events: {@code {"type":"order_create","data":{"type":"order","id":"ord_123",
 * "checkout_session_id":"checkout_session_123",...}}}. {@code order_create}/{@code order_created} become
 * {@code order.created} and {@code order_update}/{@code order_updated} {@code order.updated}; other types pass
 * through prefixed with the source. The subject is the order id ({@code data.id}, else
 * {@code data.checkout_session_id}, which older revisions of the spec carry alone). The body carries no event id:
 * the id comes from the {@code Request-Id} header, which the signature does not cover, so it is named in
 * {@code unsignedattrs}; without it the id is generated. The time is the time of receipt (the body has none).
 */
final class AcpNormalizer implements EventNormalizer {

    static final String REQUEST_ID_HEADER = "Request-Id";

    private static final FieldPaths FIELDS = FieldPaths.of("type", "data.id", "data.checkout_session_id");

    private static final Map<String, String> TYPES = Map.of(
            "order_create", ORDER_CREATED,
            "order_created", ORDER_CREATED,
            "order_update", ORDER_UPDATED,
            "order_updated", ORDER_UPDATED);

    private final String source;
    private final Supplier<String> idGenerator;

    AcpNormalizer(String source, Supplier<String> idGenerator) {
        this.source = source;
        this.idGenerator = idGenerator;
    }

    @Override
    public CanonicalEvent normalize(VerifiedWebhook webhook, Instant receivedAt) throws MalformedPayloadException {
        JsonNode body = Json.readObject(webhook.body(), FIELDS);
        String providerType = JsonFields.requiredType(body, "type");
        String requestId = Webhooks.header(webhook, REQUEST_ID_HEADER);
        String id = Webhooks.idOrGenerated(requestId, idGenerator);
        String subject = JsonFields.identifier(body, "data", "id");
        if (subject == null) {
            subject = JsonFields.identifier(body, "data", "checkout_session_id");
        }
        String type = CommerceTypes.mappedOrPassThrough(TYPES.get(providerType), source, providerType);
        return Webhooks.idFrom(requestId, new CanonicalEvent(id, source, type, providerType, receivedAt, subject,
                Webhooks.contentType(webhook, "application/json"), webhook.body(), true,
                UnsignedAttributes.of(false, requestId != null, false)));
    }
}
