package io.hooklane.verify;

/**
 * Stripe: {@code Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>...][,v0=...]}; each {@code v1} is the hex
 * HMAC-SHA256 of {@code <t>.<raw body>} under the endpoint secret (used as text, {@code whsec_} included). Other
 * schemes ({@code v0}) are ignored.
 */
public final class StripeScheme extends TimestampedHmacScheme {

    static final String HEADER = "Stripe-Signature";

    public StripeScheme(SchemeSettings settings) {
        super(settings, HEADER, ',', "t", "v1", ".");
    }
}
