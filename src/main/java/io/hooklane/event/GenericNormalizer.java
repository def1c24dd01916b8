package io.hooklane.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.verify.VerifiedWebhook;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * A sender that already speaks the plain shape {@code {"id":..,"event":"order.created","timestamp":..,"data":{..}}}
 * ({@code type} accepted instead of {@code event}; {@code id} optional), or names where its fields are
 * ({@link GenericFields}: id, type, subject and a signed timestamp, which is then held to the tolerance). The type is
 * taken as is. Without an id the event is marked {@link CanonicalEvent#idGenerated()}.
 *
 * <p>An XML body (Content-Type {@code application/xml}, {@code text/xml} or {@code *+xml}) is not read at all: the
 * type comes from the configured type header, the id from {@value #XML_ID_HEADER} (else a generated one), both named
 * in {@code unsignedattrs} since the signature does not cover them, the time
 * is the time of receipt, there is no subject, and the bytes are kept as they are. Checking that the XML is safe and
 * well-formed is the caller's job (ingest does it with {@code XmlSafety.checkWellFormed} before normalising).
 */
final class GenericNormalizer implements EventNormalizer {

    /** The header an XML webhook's id is read from. */
    static final String XML_ID_HEADER = "X-Event-Id";

    private final String source;
    private final Supplier<String> idGenerator;
    private final String typeHeader;
    private final GenericFields fields;
    private final List<String[]> idPaths;
    private final List<String[]> typePaths;
    private final List<String[]> subjectPaths;
    private final List<String[]> timestampPaths;
    /** What this normalizer reads from the payload; the parser passes over the rest. */
    private final FieldPaths paths;

    GenericNormalizer(String source, Supplier<String> idGenerator) {
        this(source, idGenerator, EventNormalizers.DEFAULT_TYPE_HEADER, GenericFields.DEFAULTS);
    }

    GenericNormalizer(String source, Supplier<String> idGenerator, String typeHeader, GenericFields fields) {
        this.source = source;
        this.idGenerator = idGenerator;
        this.typeHeader = typeHeader;
        this.fields = fields;
        this.idPaths = steps(fields.id());
        this.typePaths = steps(fields.type());
        this.subjectPaths = steps(fields.subject());
        this.timestampPaths = steps(fields.timestamp());
        this.paths = FieldPaths.of(fields.allPaths().toArray(String[]::new));
    }

    @Override
    public CanonicalEvent normalize(VerifiedWebhook webhook, Instant receivedAt) throws MalformedPayloadException {
        String contentType = Webhooks.contentType(webhook, null);
        if (MediaTypes.isXml(contentType)) {
            return normalizeXml(webhook, contentType, receivedAt);
        }
        JsonNode body = Json.readObject(webhook.body(), paths);
        String type = first(body, typePaths, false);
        if (type == null) {
            throw new MalformedPayloadException("payload lacks the '" + String.join("' or '", fields.type())
                    + "' field");
        }
        String providerId = first(body, idPaths, true);
        String id = Webhooks.idOrGenerated(providerId, idGenerator);
        Instant time = Times.firstOf(signedTime(body), receivedAt);
        return Webhooks.idFrom(providerId, new CanonicalEvent(id, source, type, type, time,
                first(body, subjectPaths, true), Webhooks.contentType(webhook, "application/json"),
                webhook.body(), true));
    }

    /**
     * The configured body timestamp, required and within the tolerance; or, when none is configured, the
     * {@code timestamp} member if it holds a usable time (not checked), else null.
     */
    private Instant signedTime(JsonNode body) throws MalformedPayloadException {
        if (!fields.checksTimestamp()) {
            return Times.fromNode(JsonFields.at(body, GenericFields.DEFAULT_TIME));
        }
        Instant time = null;
        for (String[] path : timestampPaths) {
            time = Times.fromNode(JsonFields.at(body, path));
            if (time != null) {
                break;
            }
        }
        if (time == null) {
            throw new MalformedPayloadException("payload lacks a unix or RFC 3339 timestamp in '"
                    + String.join("' or '", fields.timestamp()) + "'");
        }
        long drift = Math.abs(fields.clock().instant().getEpochSecond() - time.getEpochSecond());
        if (drift > fields.tolerance().getSeconds()) {
            throw MalformedPayloadException.staleTimestamp("the payload's timestamp is further than "
                    + fields.tolerance().getSeconds() + "s from now");
        }
        return time;
    }

    /** The first path holding a non-blank string (or, for an identifier, an integer too), or null. */
    private static String first(JsonNode body, List<String[]> candidates, boolean identifier) {
        for (String[] path : candidates) {
            String value = identifier ? JsonFields.identifier(body, path) : JsonFields.text(body, path);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static List<String[]> steps(List<String> dottedPaths) {
        return dottedPaths.stream().map(path -> path.split("\\.")).toList();
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
        return Webhooks.idFrom(providerId, new CanonicalEvent(id, source, type, type, receivedAt, null, contentType,
                webhook.body(), false, UnsignedAttributes.of(true, providerId != null, false)));
    }
}
