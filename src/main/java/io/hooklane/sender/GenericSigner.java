package io.hooklane.sender;

import java.util.LinkedHashMap;
import java.util.Map;

/** The sample config's generic source: {@code X-Hooklane-Signature: sha256=<hex HMAC(secret, body)>}, no timestamp. */
public final class GenericSigner implements WebhookSigner {

    public static final String HEADER = "X-Hooklane-Signature";

    private final String secret;

    public GenericSigner(String secret) {
        this.secret = secret;
    }

    @Override
    public Map<String, String> sign(byte[] body, String topic, String url) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(HEADER, "sha256=" + Hmac.hex(Hmac.sha256(secret, body)));
        return headers;
    }
}
