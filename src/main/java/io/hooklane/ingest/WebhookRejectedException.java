package io.hooklane.ingest;

/** A webhook refused for a reason the sender can act on. The message is shown to the sender: no secrets in it. */
public final class WebhookRejectedException extends Exception {

    private final RejectReason reason;
    private final long retryAfterSeconds;
    private final String detail;

    public WebhookRejectedException(RejectReason reason, String message) {
        this(reason, message, 0);
    }

    public WebhookRejectedException(RejectReason reason, String message, long retryAfterSeconds) {
        this(reason, null, message, retryAfterSeconds);
    }

    /**
     * @param detail a machine-readable refinement of the reason, answered as {@code "reason"} beside {@code "error"}
     *               (such as {@code type_mismatch} for a {@link RejectReason#MALFORMED_PAYLOAD}); null for none
     */
    public WebhookRejectedException(RejectReason reason, String detail, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.reason = reason;
        this.detail = detail;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The machine-readable refinement of {@link #reason()}, or null. */
    public String detail() {
        return detail;
    }

    /** For 429: when the sender may try again; 0 when not applicable. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public RejectReason reason() {
        return reason;
    }
}
