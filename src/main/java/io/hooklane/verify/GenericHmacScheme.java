package io.hooklane.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A configurable HMAC signature in one header: {@code <prefix><hex|base64 HMAC-SHA256|SHA-512>} of the body, or of
 * {@code <timestamp>.<body>} when a timestamp header is configured (then the timestamp's tolerance is enforced).
 * Shopify, WooCommerce and GitHub are presets of it.
 */
public final class GenericHmacScheme implements SignatureScheme {

    private static final byte[] DOT = {'.'};

    private final String header;
    private final Hmac.Algorithm algorithm;
    private final Hmac.Encoding encoding;
    private final String prefix;
    private final String timestampHeader;
    private final List<Secret> secrets;
    private final Duration tolerance;
    private final Clock clock;

    /** The scheme as configured by the settings' header, algorithm, encoding, prefix and timestamp header. */
    public GenericHmacScheme(SchemeSettings settings) {
        this(required(settings), settings.algorithm(), settings.encoding(), settings.prefix(),
                settings.timestampHeader(), settings);
    }

    private GenericHmacScheme(String header, Hmac.Algorithm algorithm, Hmac.Encoding encoding, String prefix,
            String timestampHeader, SchemeSettings settings) {
        this.header = header;
        this.algorithm = algorithm;
        this.encoding = encoding;
        this.prefix = prefix;
        this.timestampHeader = timestampHeader;
        this.secrets = settings.secrets();
        this.tolerance = settings.tolerance();
        this.clock = settings.clock();
    }

    /** A provider's fixed variant: the settings give only the secrets. */
    static GenericHmacScheme preset(String header, Hmac.Encoding encoding, String prefix, SchemeSettings settings) {
        return new GenericHmacScheme(header, Hmac.Algorithm.SHA256, encoding, prefix, null, settings);
    }

    @Override
    public VerifiedWebhook verify(WebhookRequest request) throws VerificationException {
        Checks.present(request);
        String value = Checks.header(request, header);
        if (!value.startsWith(prefix)) {
            throw Checks.malformed(header + " header does not start with '" + prefix + "'");
        }
        byte[] signature = encoding.decode(value.substring(prefix.length()));
        if (signature == null) {
            throw Checks.malformed(header + " header is not " + encoding.configName());
        }
        List<byte[]> candidates = List.of(signature);
        if (timestampHeader == null) {
            return Checks.matched(Hmac.anyMatches(algorithm, secrets, candidates, request.body()), request);
        }
        String timestamp = Checks.header(request, timestampHeader);
        Checks.withinTolerance(Checks.timestamp(timestamp, timestampHeader), clock, tolerance);
        return Checks.matched(Hmac.anyMatches(algorithm, secrets, candidates,
                Hmac.utf8(timestamp), DOT, request.body()), request, timestamp);
    }

    private static String required(SchemeSettings settings) {
        if (settings.header() == null) {
            throw settings.invalid("header must be set for the generic scheme but was null");
        }
        return settings.header();
    }
}
