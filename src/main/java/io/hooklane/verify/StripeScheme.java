package io.hooklane.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Stripe: {@code Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>...][,v0=...]}; each {@code v1} is the hex
 * HMAC-SHA256 of {@code <t>.<raw body>} under the endpoint secret (used as text, {@code whsec_} included). Other
 * schemes ({@code v0}) are ignored.
 */
public final class StripeScheme implements SignatureScheme {

    static final String HEADER = "Stripe-Signature";

    private final List<Secret> secrets;
    private final Duration tolerance;
    private final Clock clock;

    public StripeScheme(SchemeSettings settings) {
        this.secrets = settings.secrets();
        this.tolerance = settings.tolerance();
        this.clock = settings.clock();
    }

    @Override
    public VerifiedWebhook verify(WebhookRequest request) throws VerificationException {
        Checks.present(request);
        TimestampedHeader header = TimestampedHeader.parse(HEADER, Checks.header(request, HEADER), ',', "t", "v1");
        Checks.withinTolerance(header.epochSeconds(), clock, tolerance);
        return Checks.matched(Hmac.anyMatches(Hmac.Algorithm.SHA256, secrets, header.signatures(),
                Hmac.utf8(header.timestamp() + "."), request.body()), request);
    }
}
