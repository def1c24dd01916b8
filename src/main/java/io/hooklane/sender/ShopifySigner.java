package io.hooklane.sender;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Shopify: {@code X-Shopify-Hmac-Sha256: base64(HMAC(secret, body))} plus the topic, shop and delivery headers. */
public final class ShopifySigner implements WebhookSigner {

    public static final String DEFAULT_SHOP_DOMAIN = "hooklane-demo.myshopify.com";
    public static final String API_VERSION = "2025-07";

    private final String secret;
    private final Clock clock;
    private final Supplier<String> ids;
    private final String shopDomain;

    public ShopifySigner(String secret, Clock clock, Supplier<String> ids) {
        this(secret, clock, ids, DEFAULT_SHOP_DOMAIN);
    }

    public ShopifySigner(String secret, Clock clock, Supplier<String> ids, String shopDomain) {
        this.secret = secret;
        this.clock = clock;
        this.ids = ids;
        this.shopDomain = shopDomain;
    }

    @Override
    public Map<String, String> sign(byte[] body, String topic, String url) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Shopify-Topic", topic);
        headers.put("X-Shopify-Hmac-Sha256", Hmac.base64(Hmac.sha256(secret, body)));
        headers.put("X-Shopify-Shop-Domain", shopDomain);
        headers.put("X-Shopify-API-Version", API_VERSION);
        headers.put("X-Shopify-Webhook-Id", ids.get());
        headers.put("X-Shopify-Triggered-At",
                DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.MILLIS)));
        return headers;
    }
}
