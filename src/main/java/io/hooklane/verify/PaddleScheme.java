package io.hooklane.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Paddle Billing: {@code Paddle-Signature: ts=<unix>;h1=<hex>[;h1=<hex>...]}; each {@code h1} is the hex
 * HMAC-SHA256 of {@code <ts>:<raw body>} under the notification destination's secret key (used as text,
 * {@code pdl_ntfset_...} prefix included).
 */
public final class PaddleScheme implements SignatureScheme {

    static final String HEADER = "Paddle-Signature";

    private final List<Secret> secrets;
    private final Duration tolerance;
    private final Clock clock;

    public PaddleScheme(SchemeSettings settings) {
        this.secrets = settings.secrets();
        this.tolerance = settings.tolerance();
        this.clock = settings.clock();
    }

    @Override
    public VerifiedWebhook verify(WebhookRequest request) throws VerificationException {
        Checks.present(request);
        TimestampedHeader header = TimestampedHeader.parse(HEADER, Checks.header(request, HEADER), ';', "ts", "h1");
        Checks.withinTolerance(header.epochSeconds(), clock, tolerance);
        return Checks.matched(Hmac.anyMatches(Hmac.Algorithm.SHA256, secrets, header.signatures(),
                Hmac.utf8(header.timestamp() + ":"), request.body()), request);
    }
}
