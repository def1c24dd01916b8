package io.hooklane.callback;

/** A refused callback. The message is safe to show to the caller: it never holds a secret nor echoes input. */
public final class CallbackRefusedException extends Exception {

    private final CallbackRefusal reason;

    public CallbackRefusedException(CallbackRefusal reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public CallbackRefusal reason() {
        return reason;
    }
}
