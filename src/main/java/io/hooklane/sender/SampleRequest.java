package io.hooklane.sender;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One signed request ready to post: the full URL, the headers (Content-Type included) and the raw body. */
public record SampleRequest(String url, Map<String, String> headers, byte[] body) {

    public SampleRequest {
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public String bodyString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The header's value, looked up case-insensitively, or null. */
    public String header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
