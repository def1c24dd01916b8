package io.hooklane.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The shape Stripe and Paddle share: one header carrying a timestamp and one or more hex HMAC-SHA256 signatures of
 * {@code <timestamp><joiner><raw body>}, the timestamp checked against the tolerance before any HMAC work.
 */
class TimestampedHmacScheme implements SignatureScheme {

    private final String header;
    private final char separator;
    private final String timestampKey;
    private final String signatureKey;
    private final String joiner;
    private final List<Secret> secrets;
    private final Duration tolerance;
    private final Clock clock;

    TimestampedHmacScheme(SchemeSettings settings, String header, char separator, String timestampKey,
                          String signatureKey, String joiner) {
        this.header = header;
        this.separator = separator;
        this.timestampKey = timestampKey;
        this.signatureKey = signatureKey;
        this.joiner = joiner;
        this.secrets = settings.secrets();
        this.tolerance = settings.tolerance();
        this.clock = settings.clock();
    }

    @Override
    public final VerifiedWebhook verify(WebhookRequest request) throws VerificationException {
        Checks.present(request);
        TimestampedHeader parsed = TimestampedHeader.parse(header, Checks.header(request, header), separator,
                timestampKey, signatureKey);
        Checks.withinTolerance(parsed.epochSeconds(), clock, tolerance);
        return Checks.matched(Hmac.anyMatches(Hmac.Algorithm.SHA256, secrets, parsed.signatures(),
                Hmac.utf8(parsed.timestamp() + joiner), request.body()), request, parsed.timestamp());
    }
}
