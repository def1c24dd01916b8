package io.hooklane.ingest;

import java.time.Clock;
import java.util.Locale;
import java.util.Set;

import io.hooklane.event.CanonicalEvent;
import io.hooklane.event.CloudEventJson;
import io.hooklane.event.EventEnvelope;
import io.hooklane.event.EventNormalizer;
import io.hooklane.event.MalformedPayloadException;
import io.hooklane.event.MediaTypes;
import io.hooklane.ingest.security.XmlRejectedException;
import io.hooklane.ingest.security.XmlSafety;
import io.hooklane.verify.SignatureScheme;
import io.hooklane.verify.VerificationException;
import io.hooklane.verify.VerifiedWebhook;
import io.hooklane.verify.WebhookRequest;

/**
 * One source's ingest decision, free of Camel: media type, then signature on the raw bytes, then the payload, in
 * that order, so nothing unverified is ever parsed.
 *
 * <p>XML is accepted only by a source whose media types include an XML one ({@code application/xml},
 * {@code text/xml} or {@code *+xml}); any other source refuses it with 415 like every type it does not list. A
 * verified XML body must be a single well-formed document without a DTD ({@link XmlSafety#checkWellFormed}), which
 * refuses external entities (XXE) and entity expansion (billion laughs), before the normalizer sees it; a refusal
 * is {@link RejectReason#MALFORMED_PAYLOAD}.
 */
public final class SourceIngest {

    private final String source;
    private final SignatureScheme scheme;
    private final EventNormalizer normalizer;
    private final Set<String> mediaTypes;
    private final long maxBodyBytes;
    private final Clock clock;

    public SourceIngest(String source, SignatureScheme scheme, EventNormalizer normalizer, Set<String> mediaTypes,
                        long maxBodyBytes, Clock clock) {
        this.source = source;
        this.scheme = scheme;
        this.normalizer = normalizer;
        this.mediaTypes = Set.copyOf(mediaTypes);
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    public String source() {
        return source;
    }

    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Refuses a content type this source does not accept; called before the body is read. */
    public void checkMediaType(String contentType) throws WebhookRejectedException {
        String mediaType = mediaType(contentType);
        if (mediaType == null || !mediaTypes.contains(mediaType)) {
            throw new WebhookRejectedException(RejectReason.UNSUPPORTED_MEDIA_TYPE,
                    "source '" + source + "' accepts " + String.join(", ", mediaTypes.stream().sorted().toList())
                            + " but the request has " + (mediaType == null ? "no Content-Type" : "'" + mediaType + "'"));
        }
    }

    public AcceptedEvent accept(WebhookRequest request) throws WebhookRejectedException {
        if (request.body().length > maxBodyBytes) {
            throw tooLarge();
        }
        checkMediaType(request.header("content-type"));
        VerifiedWebhook verified;
        try {
            verified = scheme.verify(request);
        } catch (VerificationException e) {
            throw new WebhookRejectedException(RejectReason.of(e.reason()), e.getMessage());
        }
        if (MediaTypes.isXml(request.header("content-type"))) {
            checkXml(verified.body());
        }
        CanonicalEvent event;
        try {
            event = normalizer.normalize(verified, clock.instant());
        } catch (MalformedPayloadException e) {
            if (e.reason() == MalformedPayloadException.Reason.TIMESTAMP_OUT_OF_TOLERANCE) {
                throw new WebhookRejectedException(RejectReason.TIMESTAMP_OUT_OF_TOLERANCE, e.getMessage());
            }
            throw new WebhookRejectedException(RejectReason.MALFORMED_PAYLOAD,
                    e.reason() == null ? null : e.reason().code(), e.getMessage(), 0);
        }
        String key = event.subject() != null ? event.subject() : event.id();
        // an id the gateway generated is new on every copy: a replay is then recognised by what was signed
        String dedupKey = event.idGenerated()
                ? ContentDigest.dedupKey(source, verified.signedTimestamp(), verified.body())
                : source + "/" + event.id();
        return new AcceptedEvent(new EventEnvelope(event.id(), event.source(), event.type(), event.subject(),
                event.unsignedAttributes()), key, CloudEventJson.write(event), dedupKey);
    }

    /** Whether this source is configured as XML: one of its media types is an XML one. */
    public boolean acceptsXml() {
        return mediaTypes.stream().anyMatch(MediaTypes::isXml);
    }

    private static void checkXml(byte[] body) throws WebhookRejectedException {
        try {
            XmlSafety.checkWellFormed(body);
        } catch (XmlRejectedException e) {
            throw new WebhookRejectedException(RejectReason.MALFORMED_PAYLOAD, e.getMessage());
        }
    }

    public WebhookRejectedException tooLarge() {
        return new WebhookRejectedException(RejectReason.PAYLOAD_TOO_LARGE,
                "source '" + source + "' accepts bodies up to " + maxBodyBytes + " bytes");
    }

    static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return type.trim().toLowerCase(Locale.ROOT);
    }
}
