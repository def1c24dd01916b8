package io.hooklane.sender;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A generic source as its route file configures it: {@code <header>: <prefix><hex|base64 HMAC-SHA256|SHA-512>} of the
 * body, or of {@code <timestamp>.<body>} with the unix time in {@code <timestampHeader>} when one is configured.
 */
public final class ConfiguredSigner implements WebhookSigner {

    private final String secret;
    private final String header;
    private final String jcaAlgorithm;
    private final boolean base64;
    private final String prefix;
    private final String timestampHeader;
    private final Clock clock;

    /** @throws IllegalArgumentException naming the parameter when the algorithm or encoding is not one we know */
    public ConfiguredSigner(SourceSigning signing, String secret, Clock clock) {
        this.secret = secret;
        this.header = signing.header().isBlank() ? GenericSigner.HEADER : signing.header().trim();
        this.jcaAlgorithm = switch (orDefault(signing.algorithm(), "sha256")) {
            case "sha256" -> "HmacSHA256";
            case "sha512" -> "HmacSHA512";
            default -> throw new IllegalArgumentException("source '" + signing.source()
                    + "': algorithm must be sha256 or sha512 but was '" + signing.algorithm() + "'");
        };
        this.base64 = switch (orDefault(signing.encoding(), "hex")) {
            case "hex" -> false;
            case "base64" -> true;
            default -> throw new IllegalArgumentException("source '" + signing.source()
                    + "': encoding must be hex or base64 but was '" + signing.encoding() + "'");
        };
        this.prefix = signing.prefix();
        this.timestampHeader = signing.timestampHeader().isBlank() ? null : signing.timestampHeader().trim();
        this.clock = clock;
    }

    @Override
    public Map<String, String> sign(byte[] body, String topic, String url) {
        Map<String, String> headers = new LinkedHashMap<>();
        byte[] signature;
        if (timestampHeader == null) {
            signature = mac(body);
        } else {
            String t = Long.toString(clock.instant().getEpochSecond());
            headers.put(timestampHeader, t);
            signature = mac((t + ".").getBytes(StandardCharsets.UTF_8), body);
        }
        String encoded = base64 ? Hmac.base64(signature) : Hmac.hex(signature);
        headers.put(header, prefix + encoded);
        return headers;
    }

    private byte[] mac(byte[]... parts) {
        return Hmac.mac(jcaAlgorithm, Hmac.utf8(secret), parts);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim().toLowerCase(Locale.ROOT);
    }
}
