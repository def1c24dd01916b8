package io.hooklane.verify;

/** Lets tests in other packages hold a {@link VerifiedWebhook} without signing anything. */
public final class TestWebhooks {

    private TestWebhooks() {
    }

    public static VerifiedWebhook verified(WebhookRequest request) {
        return new VerifiedWebhook(request);
    }
}
