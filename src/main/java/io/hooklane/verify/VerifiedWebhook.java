package io.hooklane.verify;

/** A webhook whose signature was checked. Only code in this package (the schemes) can create one. */
public final class VerifiedWebhook {

    private final WebhookRequest request;
    private final String signedTimestamp;

    VerifiedWebhook(WebhookRequest request) {
        this(request, null);
    }

    VerifiedWebhook(WebhookRequest request, String signedTimestamp) {
        this.request = request;
        this.signedTimestamp = signedTimestamp;
    }

    /**
     * The timestamp the signature covers, exactly as sent (Stripe's and ACP's {@code t}, Paddle's {@code ts}, a
     * generic source's timestamp header), or null when the scheme signs none.
     */
    public String signedTimestamp() {
        return signedTimestamp;
    }

    public WebhookRequest request() {
        return request;
    }

    public String source() {
        return request.source();
    }

    public String header(String name) {
        return request.header(name);
    }

    public byte[] body() {
        return request.body();
    }

    @Override
    public String toString() {
        return "VerifiedWebhook[" + request + "]";
    }
}
