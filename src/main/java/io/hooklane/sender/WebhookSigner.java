package io.hooklane.sender;

import java.util.Map;

/**
 * Produces the headers a real platform sends along with a webhook body. Implementations hold the secret, the
 * {@link java.time.Clock} and the id supplier they were built with, so a signature is reproducible in tests.
 */
public interface WebhookSigner {

    /**
     * The headers for one delivery, in the order the platform sends them.
     *
     * @param body the raw body bytes exactly as they will be posted
     * @param topic the provider's event type / topic (used by platforms that send it in a header), may be null
     * @param url the URL the request is posted to (Square signs it), may be null for other schemes
     */
    Map<String, String> sign(byte[] body, String topic, String url);
}
