package io.hooklane.deliver;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import io.hooklane.config.StartupProblems;
import io.hooklane.verify.SchemeSettings;
import io.hooklane.verify.SignatureScheme;
import io.hooklane.verify.StandardWebhooksScheme;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each destination's signing secret ({@code <DESTINATION>_SIGNING_SECRET}, else {@code HOOKLANE_SIGNING_SECRET})
 * and optional bearer token ({@code <DESTINATION>_AUTH_TOKEN}), looked up through the configuration (environment,
 * properties). In the dev profile a destination without a secret uses a public demo secret, logged at WARN.
 */
public final class DestinationCredentials {

    public static final String DEMO_SIGNING_SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("hooklane-demo-signing-secret".getBytes(StandardCharsets.UTF_8));
    private static final Logger LOG = LoggerFactory.getLogger(DestinationCredentials.class);

    private final UnaryOperator<String> config;
    private final boolean demoAllowed;
    private final Map<String, StandardWebhookSignature> signatures = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    /** @param config looks up a key, returning null or blank when it is not set */
    public DestinationCredentials(UnaryOperator<String> config, boolean demoAllowed) {
        this.config = config;
        this.demoAllowed = demoAllowed;
    }

    public static String envPrefix(String destination) {
        return destination.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    public StandardWebhookSignature signature(String destination) {
        return signatures.computeIfAbsent(destination, d -> new StandardWebhookSignature(signingSecret(d)));
    }

    /**
     * Checks what the destination signs with its signing secret, the Standard Webhooks way (its callbacks): the same
     * secret Hooklane signs deliveries to it with.
     *
     * @throws IllegalArgumentException when the destination has no usable secret (never its value)
     */
    public SignatureScheme verifier(String destination, Duration tolerance, Clock clock) {
        return new StandardWebhooksScheme(SchemeSettings.builder().scheme("standard").source(destination)
                .secrets(signingSecret(destination)).tolerance(tolerance).clock(clock)
                .secretKeyName(envPrefix(destination) + "_SIGNING_SECRET").build());
    }

    /** The bearer token for the destination, or "" for none. */
    public String authToken(String destination) {
        return tokens.computeIfAbsent(destination, d -> {
            String token = config.apply(envPrefix(d) + "_AUTH_TOKEN");
            return token == null ? "" : token.trim();
        });
    }

    /**
     * Reports what keeps the destination from signing: no secret or the demo one where demo secrets are not allowed,
     * or a secret that is not {@code whsec_<base64>}. Never the secret's value.
     */
    public void check(String destination, StartupProblems problems) {
        String key = envPrefix(destination) + "_SIGNING_SECRET";
        String secret = config.apply(key);
        String variables = key + " or HOOKLANE_SIGNING_SECRET";
        if (isBlank(secret)) {
            secret = config.apply("HOOKLANE_SIGNING_SECRET");
        }
        if (isBlank(secret)) {
            if (!demoAllowed) {
                problems.report("destination '" + destination + "' has no signing secret", variables);
            }
            return;
        }
        if (!demoAllowed && isDemo(secret)) {
            problems.report("destination '" + destination + "' uses the public demo signing secret",
                    "a real secret in " + variables);
            return;
        }
        try {
            signature(destination);
        } catch (IllegalArgumentException e) {
            problems.report("destination '" + destination + "': " + e.getMessage(), variables);
        }
    }

    String signingSecret(String destination) {
        String key = envPrefix(destination) + "_SIGNING_SECRET";
        String secret = config.apply(key);
        if (isBlank(secret)) {
            secret = config.apply("HOOKLANE_SIGNING_SECRET");
        }
        if (!isBlank(secret)) {
            if (!demoAllowed && isDemo(secret)) {
                throw new IllegalArgumentException("destination '" + destination + "' uses the public demo signing"
                        + " secret: set " + key + " or HOOKLANE_SIGNING_SECRET");
            }
            return secret.trim();
        }
        if (!demoAllowed) {
            throw new IllegalArgumentException("destination '" + destination + "' has no signing secret: set " + key
                    + " or HOOKLANE_SIGNING_SECRET");
        }
        LOG.warn("Destination '{}' has no signing secret ({} / HOOKLANE_SIGNING_SECRET): signing with the PUBLIC demo"
                + " secret", destination, key);
        return DEMO_SIGNING_SECRET;
    }

    /** Whether a secret is the demo key, however it is written (with or without whsec_ and padding). */
    static boolean isDemo(String secret) {
        return bareKey(secret).equals(bareKey(DEMO_SIGNING_SECRET));
    }

    private static String bareKey(String secret) {
        String key = secret.trim();
        if (key.startsWith("whsec_")) {
            key = key.substring("whsec_".length());
        }
        while (key.endsWith("=")) {
            key = key.substring(0, key.length() - 1);
        }
        return key;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public String toString() {
        return "DestinationCredentials[***]";
    }
}
