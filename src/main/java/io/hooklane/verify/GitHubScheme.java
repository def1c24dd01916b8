package io.hooklane.verify;

/** GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>}. */
public final class GitHubScheme implements SignatureScheme {

    static final String HEADER = "X-Hub-Signature-256";

    private final GenericHmacScheme hmac;

    public GitHubScheme(SchemeSettings settings) {
        this.hmac = GenericHmacScheme.preset(HEADER, Hmac.Encoding.HEX, "sha256=", settings);
    }

    @Override
    public VerifiedWebhook verify(WebhookRequest request) throws VerificationException {
        return hmac.verify(request);
    }
}
