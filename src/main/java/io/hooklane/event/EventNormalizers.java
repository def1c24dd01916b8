package io.hooklane.event;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/** Picks the normalizer for a configured source's signature scheme. */
public final class EventNormalizers {

    /** The scheme names {@link #forScheme} accepts. */
    public static final Set<String> SCHEMES =
            Set.of("standard", "stripe", "shopify", "woocommerce", "github", "square", "paddle", "generic", "acp",
                    "ucp");

    /** The header the generic scheme reads an XML webhook's type from unless configured otherwise. */
    public static final String DEFAULT_TYPE_HEADER = "X-Event-Type";

    private EventNormalizers() {
    }

    /** {@link #forScheme(String, String, Supplier, String)} with the {@link #DEFAULT_TYPE_HEADER}. */
    public static EventNormalizer forScheme(String scheme, String source, Supplier<String> idGenerator) {
        return forScheme(scheme, source, idGenerator, DEFAULT_TYPE_HEADER);
    }

    /**
     * @param scheme      one of {@link #SCHEMES}, case-insensitive
     * @param source      the configured source name, used as the CloudEvent source and the pass-through prefix;
     *                    must be a valid URI reference such as {@code stripe} or {@code shop-eu}
     * @param idGenerator makes an id when the provider sends none; must be thread-safe
     * @param typeHeader  generic scheme only: the header an XML body's event type is read from; null or blank means
     *                    {@link #DEFAULT_TYPE_HEADER}
     * @throws IllegalArgumentException for an unknown scheme or an unusable source name
     */
    public static EventNormalizer forScheme(String scheme, String source, Supplier<String> idGenerator,
                                            String typeHeader) {
        return forScheme(scheme, source, idGenerator, typeHeader, GenericFields.DEFAULTS);
    }

    /** As above; {@code fields} says where a generic source's JSON body keeps its id, type, subject and time. */
    public static EventNormalizer forScheme(String scheme, String source, Supplier<String> idGenerator,
                                            String typeHeader, GenericFields fields) {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(idGenerator, "idGenerator");
        requireUsableSource(source);
        switch (scheme.trim().toLowerCase(Locale.ROOT)) {
            case "standard":
                return new StandardWebhooksNormalizer(source, idGenerator);
            case "stripe":
                return new StripeNormalizer(source, idGenerator);
            case "shopify":
                return new ShopifyNormalizer(source, idGenerator);
            case "woocommerce":
                return new WooCommerceNormalizer(source, idGenerator);
            case "github":
                return new GitHubNormalizer(source, idGenerator);
            case "square":
                return new SquareNormalizer(source, idGenerator);
            case "paddle":
                return new PaddleNormalizer(source, idGenerator);
            case "ucp":
                return new UcpNormalizer(source, idGenerator);
            case "generic":
                return new GenericNormalizer(source, idGenerator,
                        typeHeader == null || typeHeader.isBlank() ? DEFAULT_TYPE_HEADER : typeHeader.trim(),
                        Objects.requireNonNull(fields, "fields"));
            case "acp":
                return new AcpNormalizer(source, idGenerator);
            default:
                throw new IllegalArgumentException("unknown scheme '" + scheme + "', expected one of " + SCHEMES);
        }
    }

    private static void requireUsableSource(String source) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source must not be blank");
        }
        try {
            new URI(source);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("source '" + source + "' is not a valid URI reference");
        }
    }
}
