package io.hooklane.sender;

import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/** Creates the signer for a scheme name. */
public final class WebhookSigners {

    /** The scheme names, in the order the usage message lists them. */
    public static final List<String> SCHEMES =
            List.of("standard", "stripe", "shopify", "woocommerce", "github", "square", "paddle", "generic", "acp",
                    "ucp");

    private WebhookSigners() {
    }

    public static boolean isScheme(String name) {
        return SCHEMES.contains(name);
    }

    /**
     * Delivery ids shaped like the platform's own, derived one-to-one from the given ids: Standard Webhooks
     * {@code msg_<id>}, GitHub and Shopify UUIDs, the id itself for the others.
     */
    public static Supplier<String> deliveryIds(String scheme, Supplier<String> ids) {
        switch (scheme) {
            case "standard": return () -> "msg_" + ids.get();
            case "github":
            case "shopify":
            case "acp":
                return () -> UUID.nameUUIDFromBytes(ids.get().getBytes(StandardCharsets.UTF_8)).toString();
            default: return ids;
        }
    }

    /**
     * The signer for a source as declared: a generic source with its own header (and algorithm, encoding, prefix,
     * timestamp header) is signed as declared ({@link ConfiguredSigner}); any other by its scheme.
     */
    public static WebhookSigner forSource(SourceSigning signing, String secret, Clock clock, Supplier<String> ids,
            String squareNotificationUrl) {
        if ("generic".equals(signing.scheme()) && !signing.header().isBlank()) {
            return new ConfiguredSigner(signing, secret, clock);
        }
        return forScheme(signing.scheme(), secret, clock, ids, squareNotificationUrl);
    }

    /** The signer for a scheme; Square signs the URL passed to {@link WebhookSigner#sign}. */
    public static WebhookSigner forScheme(String scheme, String secret, Clock clock, Supplier<String> ids) {
        return forScheme(scheme, secret, clock, ids, null);
    }

    /** As above, with Square's configured notification URL (null: the URL posted to). */
    public static WebhookSigner forScheme(String scheme, String secret, Clock clock, Supplier<String> ids,
            String squareNotificationUrl) {
        switch (scheme) {
            case "standard": return new StandardWebhooksSigner(secret, clock, ids);
            case "stripe": return new StripeSigner(secret, clock);
            case "shopify": return new ShopifySigner(secret, clock, ids);
            case "woocommerce": return new WooCommerceSigner(secret, ids);
            case "github": return new GitHubSigner(secret, ids);
            case "square": return new SquareSigner(secret, squareNotificationUrl);
            case "paddle": return new PaddleSigner(secret, clock);
            case "generic": return new GenericSigner(secret);
            case "acp": return new AcpSigner(secret, clock, ids);
            case "ucp": return UcpSigner.demo(clock);
            default: throw new IllegalArgumentException("unknown scheme '" + scheme + "'; schemes: " + SCHEMES);
        }
    }
}
