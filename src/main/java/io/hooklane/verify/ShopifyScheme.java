package io.hooklane.verify;

/** Shopify: {@code X-Shopify-Hmac-Sha256} is base64(HMAC-SHA256(secret, raw body)). */
public final class ShopifyScheme implements SignatureScheme {

    static final String HEADER = "X-Shopify-Hmac-Sha256";

    private final GenericHmacScheme hmac;

    public ShopifyScheme(SchemeSettings settings) {
        this.hmac = GenericHmacScheme.preset(HEADER, Hmac.Encoding.BASE64, "", settings);
    }

    @Override
    public VerifiedWebhook verify(WebhookRequest request) throws VerificationException {
        return hmac.verify(request);
    }
}
