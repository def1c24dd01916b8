package io.hooklane.sender;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC(secret, body)>} plus event and delivery headers. */
public final class GitHubSigner implements WebhookSigner {

    private final String secret;
    private final Supplier<String> ids;

    public GitHubSigner(String secret, Supplier<String> ids) {
        this.secret = secret;
        this.ids = ids;
    }

    @Override
    public Map<String, String> sign(byte[] body, String topic, String url) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-GitHub-Event", topic);
        headers.put("X-GitHub-Delivery", ids.get());
        headers.put("X-Hub-Signature-256", "sha256=" + Hmac.hex(Hmac.sha256(secret, body)));
        return headers;
    }
}
