package io.hooklane.verify;

/** One provider's way of signing webhooks. Implementations are immutable and thread-safe. */
public interface SignatureScheme {

    /**
     * Checks the request's signature on its raw bytes, comparing in constant time.
     *
     * @return the verified webhook
     * @throws VerificationException with the {@link Reason} the request was refused for
     */
    VerifiedWebhook verify(WebhookRequest request) throws VerificationException;
}
