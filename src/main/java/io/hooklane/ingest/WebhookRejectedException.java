package io.hooklane.ingest;

/** A webhook refused for a reason the sender can act on. The message is shown to the sender: no secrets in it. */
public final class WebhookRejectedException extends Exception {

    private final RejectReason reason;

    public WebhookRejectedException(RejectReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
