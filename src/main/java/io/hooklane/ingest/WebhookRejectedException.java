package io.hooklane.ingest;

/** A webhook refused for a reason the sender can act on. The message is shown to the sender: no secrets in it. */
public final class WebhookRejectedException extends Exception {

    private final RejectReason reason;
    private final long retryAfterSeconds;

    public WebhookRejectedException(RejectReason reason, String message) {
        this(reason, message, 0);
    }

    public WebhookRejectedException(RejectReason reason, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** For 429: when the sender may try again; 0 when not applicable. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public RejectReason reason() {
        return reason;
    }
}
