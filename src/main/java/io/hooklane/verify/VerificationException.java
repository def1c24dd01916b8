package io.hooklane.verify;

/** A refused signature. The message is safe to show to the sender: it never contains a secret or a signature. */
public final class VerificationException extends Exception {

    private final Reason reason;

    public VerificationException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
