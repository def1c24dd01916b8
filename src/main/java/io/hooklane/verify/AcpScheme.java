package io.hooklane.verify;

/**
 * Agentic Commerce Protocol (ACP) order webhooks: {@code Merchant-Signature: t=<unix>,v1=<hex>[,v1=<hex>...]}; each
 * {@code v1} is the hex HMAC-SHA256 of {@code <t>.<raw body>} under the shared secret, and {@code t} must be within
 * the source's tolerance (the spec recommends 300 s). The same shape as Stripe's, under another header name.
 */
public final class AcpScheme extends TimestampedHmacScheme {

    static final String HEADER = "Merchant-Signature";

    public AcpScheme(SchemeSettings settings) {
        super(settings, HEADER, ',', "t", "v1", ".");
    }
}
