package io.hooklane.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.verify.VerifiedWebhook;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A sender that already speaks the plain shape {@code {"id":..,"event":"order.created","timestamp":..,"data":{..}}}
 * ({@code type} accepted instead of {@code event}; {@code id} optional). The type is taken as is.
 *
 * <p>An XML body (Content-Type {@code application/xml}, {@code text/xml} or {@code *+xml}) is not read at all: the
 * type comes from the configured type header, the id from {@value #XML_ID_HEADER} (else a generated one), both named
 * in {@code unsignedattrs} since the signature does not cover them, the time
 * is the time of receipt, there is no subject, and the bytes are kept as they are. Checking that the XML is safe and
 * well-formed is the caller's job (ingest does it with {@code XmlSafety.checkWellFormed} before normalising).
 */
final class GenericNormalizer implements EventNormalizer {

    /** What this normalizer reads from the payload; the parser passes over the rest. */
    private static final FieldPaths FIELDS = FieldPaths.of("event", "type", "id", "timestamp", "data.id");

    /** The header an XML webhook's id is read from. */
    static final String XML_ID_HEADER = "X-Event-Id";

    private final String source;
    private final Supplier<String> idGenerator;
    private final String typeHeader;

    GenericNormalizer(String source, Supplier<String> idGenerator) {
        this(source, idGenerator, EventNormalizers.DEFAULT_TYPE_HEADER);
    }

    GenericNormalizer(String source, Supplier<String> idGenerator, String typeHeader) {
        this.source = source;
        this.idGenerator = idGenerator;
        this.typeHeader = typeHeader;
    }

    @Override
    public CanonicalEvent normalize(VerifiedWebhook webhook, Instant receivedAt) throws MalformedPayloadException {
        String contentType = Webhooks.contentType(webhook, null);
        if (MediaTypes.isXml(contentType)) {
            return normalizeXml(webhook, contentType, receivedAt);
        }
        JsonNode body = Json.readObject(webhook.body(), FIELDS);
        String type = JsonFields.requiredType(body, "event", "type");
        String id = Webhooks.idOrGenerated(JsonFields.identifier(body, "id"), idGenerator);
        Instant time = Times.firstOf(Times.fromNode(JsonFields.at(body, "timestamp")), receivedAt);
        return new CanonicalEvent(id, source, type, type, time, JsonFields.identifier(body, "data", "id"),
                Webhooks.contentType(webhook, "application/json"), webhook.body(), true);
    }

    private CanonicalEvent normalizeXml(VerifiedWebhook webhook, String contentType, Instant receivedAt)
            throws MalformedPayloadException {
        String type = Webhooks.header(webhook, typeHeader);
        if (type == null) {
            throw new MalformedPayloadException("request lacks the '" + typeHeader + "' header");
        }
        String providerId = Webhooks.header(webhook, XML_ID_HEADER);
        String id = Webhooks.idOrGenerated(providerId, idGenerator);
        // the generic scheme signs the body (and its timestamp), not these headers
        return new CanonicalEvent(id, source, type, type, receivedAt, null, contentType, webhook.body(), false,
                UnsignedAttributes.of(true, providerId != null, false));
    }
}
