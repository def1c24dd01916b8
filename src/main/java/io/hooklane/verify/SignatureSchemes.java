package io.hooklane.verify;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Creates a source's {@link SignatureScheme} from its settings, by the scheme's name. */
public final class SignatureSchemes {

    private static final Map<String, Function<SchemeSettings, SignatureScheme>> SCHEMES = schemes();

    private SignatureSchemes() {
    }

    /**
     * The scheme the settings name, configured by them.
     *
     * @throws IllegalArgumentException if the name is unknown (the message lists the known ones) or the settings do
     *     not suit the scheme
     */
    public static SignatureScheme create(SchemeSettings settings) {
        Function<SchemeSettings, SignatureScheme> factory = SCHEMES.get(settings.scheme());
        if (factory == null) {
            throw settings.invalid("scheme must be one of " + names() + " but was '" + settings.scheme() + "'");
        }
        return factory.apply(settings);
    }

    /** The known scheme names, in a stable order. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(SCHEMES.keySet());
    }

    private static Map<String, Function<SchemeSettings, SignatureScheme>> schemes() {
        Map<String, Function<SchemeSettings, SignatureScheme>> schemes = new LinkedHashMap<>();
        schemes.put("standard", StandardWebhooksScheme::new);
        schemes.put("stripe", StripeScheme::new);
        schemes.put("shopify", ShopifyScheme::new);
        schemes.put("woocommerce", WooCommerceScheme::new);
        schemes.put("github", GitHubScheme::new);
        schemes.put("square", SquareScheme::new);
        schemes.put("paddle", PaddleScheme::new);
        schemes.put("generic", GenericHmacScheme::new);
        schemes.put("acp", AcpScheme::new);
        schemes.put("ucp", UcpScheme::new);
        return schemes;
    }
}
