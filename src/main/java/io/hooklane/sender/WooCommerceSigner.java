package io.hooklane.sender;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** WooCommerce: {@code X-WC-Webhook-Signature: base64(HMAC(secret, body))} plus topic, delivery and source. */
public final class WooCommerceSigner implements WebhookSigner {

    public static final String DEFAULT_SOURCE = "https://shop.example.com/";
    private static final String WEBHOOK_ID = "12";

    private final String secret;
    private final Supplier<String> ids;
    private final String sourceUrl;

    public WooCommerceSigner(String secret, Supplier<String> ids) {
        this(secret, ids, DEFAULT_SOURCE);
    }

    public WooCommerceSigner(String secret, Supplier<String> ids, String sourceUrl) {
        this.secret = secret;
        this.ids = ids;
        this.sourceUrl = sourceUrl;
    }

    @Override
    public Map<String, String> sign(byte[] body, String topic, String url) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-WC-Webhook-Source", sourceUrl);
        headers.put("X-WC-Webhook-Topic", topic);
        int dot = topic == null ? -1 : topic.indexOf('.');
        if (dot > 0) {
            headers.put("X-WC-Webhook-Resource", topic.substring(0, dot));
            headers.put("X-WC-Webhook-Event", topic.substring(dot + 1));
        }
        headers.put("X-WC-Webhook-Signature", Hmac.base64(Hmac.sha256(secret, body)));
        headers.put("X-WC-Webhook-ID", WEBHOOK_ID);
        headers.put("X-WC-Webhook-Delivery-ID", ids.get());
        return headers;
    }
}
