package io.hooklane.event;

import java.util.StringJoiner;

/**
 * Names the CloudEvent attributes a normalizer took from request headers the provider does not sign (Shopify's
 * {@code X-Shopify-Topic}, GitHub's {@code X-GitHub-Event}, ...), as the comma-separated list the
 * {@value CloudEventJson#UNSIGNED_ATTRS_EXTENSION} extension carries: {@code "type,id,time"} or a part of it, in that
 * order.
 */
final class UnsignedAttributes {

    private UnsignedAttributes() {
    }

    /** The list for the attributes that came from unsigned headers; null when none did. */
    static String of(boolean type, boolean id, boolean time) {
        StringJoiner names = new StringJoiner(",");
        if (type) {
            names.add("type");
        }
        if (id) {
            names.add("id");
        }
        if (time) {
            names.add("time");
        }
        return names.length() == 0 ? null : names.toString();
    }
}
