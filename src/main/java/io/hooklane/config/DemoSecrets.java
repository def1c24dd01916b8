package io.hooklane.config;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Publicly known secrets that the dev profile uses for a source configured without one, so the quickstart works
 * out of the box. The prod profile refuses to start while any enabled source uses one.
 */
public final class DemoSecrets {

    private static final String PREFIX = "hooklane-demo-secret-";

    private DemoSecrets() {
    }

    /** The demo secret for a source, in the textual form its scheme expects (Standard Webhooks: {@code whsec_<base64>}). */
    public static String forSource(String source, String scheme) {
        String plain = PREFIX + source;
        if ("standard".equals(scheme)) {
            return "whsec_" + Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        }
        return plain;
    }

    /** Whether a configured secret value is one of the demo secrets. */
    public static boolean isDemo(String source, String scheme, String secret) {
        return secret != null && secret.trim().equals(forSource(source, scheme));
    }
}
