package io.hooklane.sender;

import java.nio.charset.StandardCharsets;

/**
 * A sample body and the provider topic/type it is sent as (Stripe/Square/Paddle: the body's type; Shopify,
 * WooCommerce, GitHub: the topic/event header; Standard Webhooks and generic: the commerce event itself).
 */
public record SamplePayload(String scheme, String event, String providerType, String json) {

    /** The body as UTF-8 bytes, exactly as posted and signed. */
    public byte[] body() {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
