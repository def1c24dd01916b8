package io.hooklane.verify;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An inbound webhook exactly as it arrived: the raw body bytes, the headers and the public URL it was sent to.
 * Nothing in it has been checked yet; only a {@link SignatureScheme} turns it into a {@link VerifiedWebhook}.
 */
public final class WebhookRequest {

    private final String source;
    private final Map<String, String> headers;
    private final byte[] body;
    private final String url;

    public WebhookRequest(String source, Map<String, String> headers, byte[] body, String url) {
        this.source = Objects.requireNonNull(source, "source");
        Map<String, String> copy = new TreeMap<>();
        headers.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), v));
        this.headers = copy;
        this.body = Objects.requireNonNull(body, "body");
        this.url = url;
    }

    public String source() {
        return source;
    }

    /** The header's value, looked up case-insensitively, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The first of the given headers that is present, or null. */
    public String firstHeader(String... names) {
        for (String name : names) {
            String value = header(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** The raw body bytes; callers must not modify them. */
    public byte[] body() {
        return body;
    }

    /** The URL the sender posted to (needed by schemes that sign it, such as Square), or null. */
    public String url() {
        return url;
    }

    @Override
    public String toString() {
        return "WebhookRequest[source=" + source + ", bytes=" + body.length + "]";
    }
}
