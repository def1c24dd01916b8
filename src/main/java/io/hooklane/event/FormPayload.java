package io.hooklane.event;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Reads one parameter of an {@code application/x-www-form-urlencoded} body, such as GitHub's {@code payload=}. */
final class FormPayload {

    private FormPayload() {
    }

    /** The named parameter's value, decoded as UTF-8; null when the body has no such parameter or cannot be decoded. */
    static byte[] parameter(byte[] body, String name) {
        String form = new String(body, StandardCharsets.UTF_8);
        String prefix = name + "=";
        int start = 0;
        while (start <= form.length()) {
            int end = form.indexOf('&', start);
            if (end < 0) {
                end = form.length();
            }
            if (form.startsWith(prefix, start)) {
                try {
                    return URLDecoder.decode(form.substring(start + prefix.length(), end), StandardCharsets.UTF_8)
                            .getBytes(StandardCharsets.UTF_8);
                } catch (IllegalArgumentException badEscape) {
                    return null;
                }
            }
            start = end + 1;
        }
        return null;
    }
}
