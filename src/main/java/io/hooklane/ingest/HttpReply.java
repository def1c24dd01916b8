package io.hooklane.ingest;

import java.util.Map;

/** What the sender of a webhook gets back: status, extra headers (Retry-After, Allow) and a JSON body. */
public record HttpReply(int status, Map<String, String> headers, String body) {

    public HttpReply {
        headers = Map.copyOf(headers);
    }
}
