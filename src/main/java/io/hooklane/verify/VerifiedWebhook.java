package io.hooklane.verify;

/** A webhook whose signature was checked. Only code in this package (the schemes) can create one. */
public final class VerifiedWebhook {

    private final WebhookRequest request;

    VerifiedWebhook(WebhookRequest request) {
        this.request = request;
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
