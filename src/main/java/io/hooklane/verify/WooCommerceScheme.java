package io.hooklane.verify;

/** WooCommerce: {@code X-WC-Webhook-Signature} is base64(HMAC-SHA256(secret, raw body)). */
public final class WooCommerceScheme implements SignatureScheme {

    static final String HEADER = "X-WC-Webhook-Signature";

    private final GenericHmacScheme hmac;

    public WooCommerceScheme(SchemeSettings settings) {
        this.hmac = GenericHmacScheme.preset(HEADER, Hmac.Encoding.BASE64, "", settings);
    }

    @Override
    public VerifiedWebhook verify(WebhookRequest request) throws VerificationException {
        return hmac.verify(request);
    }
}
