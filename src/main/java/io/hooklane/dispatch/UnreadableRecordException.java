package io.hooklane.dispatch;

/** The inbound record is not a CloudEvent the routing rules can run on; routing it again would fail the same way. */
public final class UnreadableRecordException extends Exception {

    public UnreadableRecordException(String message) {
        super(message, null, false, false);
    }
}
