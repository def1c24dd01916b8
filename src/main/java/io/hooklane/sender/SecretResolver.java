package io.hooklane.sender;

import io.hooklane.config.DemoSecrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Finds the secret to sign with the way the gateway's dev profile does: an explicit value, else the source's
 * environment variable (first of a comma-separated list), else the file named by its {@code _FILE} variant, else
 * {@link DemoSecrets#forSource}.
 */
public final class SecretResolver {

    private static final Map<String, String> ENV_VARS = Map.of(
            "standard", "STANDARD_WEBHOOKS_SECRET",
            "stripe", "STRIPE_WEBHOOK_SECRET",
            "shopify", "SHOPIFY_WEBHOOK_SECRET",
            "woocommerce", "WOOCOMMERCE_WEBHOOK_SECRET",
            "github", "GITHUB_WEBHOOK_SECRET",
            "square", "SQUARE_WEBHOOK_SIGNATURE_KEY",
            "paddle", "PADDLE_WEBHOOK_SECRET",
            "generic", "GENERIC_WEBHOOK_SECRET",
            "acp", "ACP_WEBHOOK_SECRET");

    private final Function<String, String> env;

    public SecretResolver(Function<String, String> env) {
        this.env = env;
    }

    /** The environment variable holding a source's secret; other sources use {@code <SOURCE>_WEBHOOK_SECRET}. */
    public static String envVar(String source) {
        String known = ENV_VARS.get(source);
        if (known != null) {
            return known;
        }
        return source.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_WEBHOOK_SECRET";
    }

    /**
     * @param explicit the {@code --secret} value, or null
     * @throws IllegalArgumentException when the {@code _FILE} variable names a file that cannot be read
     */
    public String resolve(String source, String scheme, String explicit) {
        return resolve(SourceSigning.ofScheme(source, scheme), explicit);
    }

    /** As above, from the variable the source's declaration names ({@code secretKey}). */
    public String resolve(SourceSigning signing, String explicit) {
        String source = signing.source();
        String scheme = signing.scheme();
        if (present(explicit)) {
            return explicit;
        }
        String name = present(signing.secretKey()) ? signing.secretKey() : envVar(source);
        String value = env.apply(name);
        if (present(value)) {
            return first(value);
        }
        String file = env.apply(name + "_FILE");
        if (present(file)) {
            try {
                String content = Files.readString(Path.of(file.trim()));
                if (present(content)) {
                    return first(content);
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + name + "_FILE " + file + ": " + e, e);
            }
        }
        return DemoSecrets.forSource(source, scheme);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String first(String value) {
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                return part.trim();
            }
        }
        return value.trim();
    }
}
