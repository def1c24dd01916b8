package io.hooklane.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A signature header of {@code key=value} elements carrying one timestamp and one or more hex signatures, as Stripe
 * ({@code t=..,v1=..}) and Paddle ({@code ts=..;h1=..}) send. Elements with other keys are ignored.
 */
final class TimestampedHeader {

    private static final String REGEX_METACHARACTERS = ".$|()[{^?*+\\";

    private final String timestamp;
    private final long epochSeconds;
    private final List<byte[]> signatures;

    private TimestampedHeader(String timestamp, long epochSeconds, List<byte[]> signatures) {
        this.timestamp = timestamp;
        this.epochSeconds = epochSeconds;
        this.signatures = signatures;
    }

    /**
     * Parses the header's value. Refuses MALFORMED_SIGNATURE without exactly one numeric timestamp, or when no
     * signature decodes and some element is unparsable; INVALID_SIGNATURE when it has no signature of the key.
     */
    static TimestampedHeader parse(String name, String value, char separator, String timestampKey,
            String signatureKey) throws VerificationException {
        String timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        boolean malformed = false;
        for (String element : elements(value, separator)) {
            int eq = element.indexOf('=');
            String key = eq < 0 ? "" : element.substring(0, eq).trim();
            String text = eq < 0 ? "" : element.substring(eq + 1).trim();
            if (key.equals(timestampKey)) {
                if (timestamp != null) {
                    throw Checks.malformed(name + " header has more than one timestamp");
                }
                timestamp = text;
            } else if (key.equals(signatureKey)) {
                byte[] signature = Hmac.hex(text);
                if (signature == null) {
                    malformed = true;
                } else {
                    signatures.add(signature);
                }
            } else if (key.isEmpty()) {
                malformed = true;
            }
        }
        if (timestamp == null) {
            throw Checks.malformed(name + " header has no timestamp");
        }
        long epochSeconds = Checks.timestamp(timestamp, name + " timestamp");
        if (signatures.isEmpty()) {
            if (malformed) {
                throw Checks.malformed(name + " header cannot be parsed");
            }
            throw new VerificationException(Reason.INVALID_SIGNATURE,
                    name + " header has no " + signatureKey + " signature");
        }
        return new TimestampedHeader(timestamp, epochSeconds, List.copyOf(signatures));
    }

    /**
     * The header split at the separator, as {@code String.split} splits it. A separator that is not a regular
     * expression metacharacter (Stripe's {@code ,}, Paddle's {@code ;}) takes split's no-regex path; quoting it would
     * compile a pattern per request.
     */
    private static String[] elements(String value, char separator) {
        String text = String.valueOf(separator);
        return REGEX_METACHARACTERS.indexOf(separator) < 0 ? value.split(text) : value.split(Pattern.quote(text));
    }

    /** The timestamp exactly as sent, which is what the sender signed. */
    String timestamp() {
        return timestamp;
    }

    long epochSeconds() {
        return epochSeconds;
    }

    List<byte[]> signatures() {
        return signatures;
    }
}
