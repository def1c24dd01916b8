package io.hooklane.ingest;

import java.time.Clock;
import java.util.Locale;
import java.util.Set;

import io.hooklane.event.CanonicalEvent;
import io.hooklane.event.CloudEventJson;
import io.hooklane.event.EventNormalizer;
import io.hooklane.event.MalformedPayloadException;
import io.hooklane.verify.SignatureScheme;
import io.hooklane.verify.VerificationException;
import io.hooklane.verify.VerifiedWebhook;
import io.hooklane.verify.WebhookRequest;

/**
 * One source's ingest decision, free of Camel: media type, then signature on the raw bytes, then the payload, in
 * that order, so nothing unverified is ever parsed.
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
        CanonicalEvent event;
        try {
            event = normalizer.normalize(verified, clock.instant());
        } catch (MalformedPayloadException e) {
            throw new WebhookRejectedException(RejectReason.MALFORMED_PAYLOAD, e.getMessage());
        }
        String key = event.subject() != null ? event.subject() : event.id();
        return new AcceptedEvent(event.id(), event.type(), key, CloudEventJson.write(event));
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
