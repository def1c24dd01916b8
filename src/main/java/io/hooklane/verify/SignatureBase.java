package io.hooklane.verify;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The RFC 9421 §2.5 signature base: one {@code "<component>": <value>} line per covered component, in the order
 * covered, then the {@code "@signature-params"} line (the inner list re-serialized per RFC 8941). Components with
 * parameters ({@code ;sf}, {@code ;key}, {@code ;bs}, {@code ;req}) are not supported and refuse the signature.
 */
final class SignatureBase {

    private SignatureBase() {
    }

    /**
     * @param covered   the signature's inner list from {@code Signature-Input}
     * @param component the value of a component name ({@code @method}, {@code content-type}, ...), or null when
     *                  the message has none
     */
    static byte[] build(StructuredFields.InnerList covered, UnaryOperator<String> component)
            throws VerificationException {
        StringBuilder base = new StringBuilder();
        Set<String> seen = new HashSet<>();
        for (StructuredFields.Item item : covered.items()) {
            String name = item.string();
            if (name == null || !item.params().isEmpty() || !name.equals(name.toLowerCase(Locale.ROOT))) {
                throw Checks.malformed("covered components must be lower-case strings without parameters");
            }
            if (!seen.add(name)) {
                throw Checks.malformed("a component is covered twice");
            }
            String value = component.apply(name);
            if (value == null) {
                throw new VerificationException(Reason.INVALID_SIGNATURE,
                        "covered component " + name + " is not in the request");
            }
            base.append('"').append(name).append("\": ").append(value).append('\n');
        }
        base.append("\"@signature-params\": ").append(StructuredFields.serialize(covered));
        return base.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The component values of an inbound webhook request: the derived components from its URL and authority, and
     * its header fields (first value, surrounding whitespace removed).
     *
     * @param authority the authority the sender addressed: the configured public one, else the Host header
     */
    static UnaryOperator<String> components(WebhookRequest request, String method, String authority)
            throws VerificationException {
        URI uri;
        try {
            uri = request.url() == null ? new URI("/") : new URI(request.url());
        } catch (URISyntaxException e) {
            throw Checks.malformed("the request URL cannot be parsed");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery();
        String scheme = uri.getScheme() == null ? "https" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = normalizedAuthority(authority, scheme);
        return name -> {
            switch (name) {
                case "@method": return method;
                case "@authority": return host;
                case "@scheme": return scheme;
                case "@path": return path;
                case "@query": return "?" + (query == null ? "" : query);
                case "@request-target": return path + (query == null ? "" : "?" + query);
                case "@target-uri":
                    return host == null ? null : scheme + "://" + host + path + (query == null ? "" : "?" + query);
                default:
                    if (name.startsWith("@")) {
                        return null;
                    }
                    String value = request.header(name);
                    return value == null ? null : value.strip();
            }
        };
    }

    /** RFC 9421 §2.2.3: the authority lower-cased, without the scheme's default port. */
    static String normalizedAuthority(String authority, String scheme) {
        if (authority == null || authority.isBlank()) {
            return null;
        }
        String host = authority.trim().toLowerCase(Locale.ROOT);
        String defaultPort = "https".equals(scheme) ? ":443" : "http".equals(scheme) ? ":80" : null;
        if (defaultPort != null && host.endsWith(defaultPort)) {
            return host.substring(0, host.length() - defaultPort.length());
        }
        return host;
    }
}
