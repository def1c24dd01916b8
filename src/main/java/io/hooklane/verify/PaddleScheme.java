package io.hooklane.verify;

/**
 * Paddle Billing: {@code Paddle-Signature: ts=<unix>;h1=<hex>[;h1=<hex>...]}; each {@code h1} is the hex
 * HMAC-SHA256 of {@code <ts>:<raw body>} under the notification destination's secret key (used as text,
 * {@code pdl_ntfset_...} prefix included).
 */
public final class PaddleScheme extends TimestampedHmacScheme {

    static final String HEADER = "Paddle-Signature";

    public PaddleScheme(SchemeSettings settings) {
        super(settings, HEADER, ';', "ts", "h1", ":");
    }
}
