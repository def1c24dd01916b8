package io.hooklane.event;

import io.hooklane.verify.VerifiedWebhook;
import java.time.Instant;

/** Turns one provider's verified webhook into the canonical event. Implementations are immutable and thread-safe. */
public interface EventNormalizer {

    /**
     * @param webhook    the verified webhook; its body is never modified
     * @param receivedAt when the gateway received it, used when the payload carries no usable time
     * @throws MalformedPayloadException if a body the scheme must read is not JSON or lacks its type
     */
    CanonicalEvent normalize(VerifiedWebhook webhook, Instant receivedAt) throws MalformedPayloadException;
}
