package io.hooklane.verify;

import java.time.Clock;
import java.time.Duration;

/** The steps every scheme shares, each refusing with the right {@link Reason}. Messages never echo input. */
final class Checks {

    /** Longer signature headers are refused outright; real ones are a few hundred characters at most. */
    static final int MAX_HEADER_LENGTH = 16 * 1024;

    private static final int MAX_TIMESTAMP_DIGITS = 15;

    private Checks() {
    }

    /** The first present, non-blank header of the names, trimmed; refuses MISSING_SIGNATURE if none. */
    static String header(WebhookRequest request, String... names) throws VerificationException {
        String value = request.firstHeader(names);
        if (value == null || value.isBlank()) {
            throw new VerificationException(Reason.MISSING_SIGNATURE, "missing " + names[0] + " header");
        }
        if (value.length() > MAX_HEADER_LENGTH) {
            throw malformed(names[0] + " header is too long");
        }
        return value.trim();
    }

    /** Unix seconds written as plain digits; refuses MALFORMED_SIGNATURE otherwise. */
    static long timestamp(String value, String what) throws VerificationException {
        if (value == null || value.isEmpty() || value.length() > MAX_TIMESTAMP_DIGITS) {
            throw malformed(what + " is not a unix timestamp");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw malformed(what + " is not a unix timestamp");
            }
        }
        return Long.parseLong(value);
    }

    /** Refuses TIMESTAMP_OUT_OF_TOLERANCE if the timestamp is further than the tolerance from now, either way. */
    static void withinTolerance(long epochSeconds, Clock clock, Duration tolerance) throws VerificationException {
        long now = clock.instant().getEpochSecond();
        long drift = now - epochSeconds;
        if (drift > tolerance.getSeconds()) {
            throw new VerificationException(Reason.TIMESTAMP_OUT_OF_TOLERANCE,
                    "timestamp is too old (tolerance " + tolerance.getSeconds() + "s)");
        }
        if (-drift > tolerance.getSeconds()) {
            throw new VerificationException(Reason.TIMESTAMP_OUT_OF_TOLERANCE,
                    "timestamp is in the future (tolerance " + tolerance.getSeconds() + "s)");
        }
    }

    /** The verified webhook if a signature matched; refuses INVALID_SIGNATURE otherwise. */
    static VerifiedWebhook matched(boolean matched, WebhookRequest request) throws VerificationException {
        return matched(matched, request, null);
    }

    /** As above, for a signature that covers the timestamp (kept, exactly as sent, on the verified webhook). */
    static VerifiedWebhook matched(boolean matched, WebhookRequest request, String signedTimestamp)
            throws VerificationException {
        if (!matched) {
            throw new VerificationException(Reason.INVALID_SIGNATURE, "signature does not match");
        }
        return new VerifiedWebhook(request, signedTimestamp);
    }

    static WebhookRequest present(WebhookRequest request) throws VerificationException {
        if (request == null) {
            throw new VerificationException(Reason.MISSING_SIGNATURE, "no request");
        }
        return request;
    }

    static VerificationException malformed(String message) {
        return new VerificationException(Reason.MALFORMED_SIGNATURE, message);
    }
}
