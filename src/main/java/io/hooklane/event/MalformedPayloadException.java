package io.hooklane.event;

import java.util.Locale;

/**
 * A payload (or CloudEvent document) that cannot be read: not JSON, too deeply nested, or without its type field; or,
 * with {@link Reason#TYPE_MISMATCH}, a signed body that does not show the event type an unsigned header claims for it.
 * The message is safe to show to the sender: it never quotes the payload. No stack trace is recorded.
 */
public final class MalformedPayloadException extends Exception {

    /** A refusal the sender can tell apart from an unreadable payload, by its machine-readable {@link #code()}. */
    public enum Reason {
        /** The type comes from a header the provider does not sign, and the signed body says otherwise. */
        TYPE_MISMATCH,
        /** A signed timestamp in the body (a generic source's {@code timestampField}) is outside the tolerance. */
        TIMESTAMP_OUT_OF_TOLERANCE;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public MalformedPayloadException(String message) {
        this(message, null);
    }

    public MalformedPayloadException(String message, Reason reason) {
        super(message, null, false, false);
        this.reason = reason;
    }

    static MalformedPayloadException typeMismatch(String message) {
        return new MalformedPayloadException(message, Reason.TYPE_MISMATCH);
    }

    static MalformedPayloadException staleTimestamp(String message) {
        return new MalformedPayloadException(message, Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    }

    /** Why, when it is more than an unreadable payload; else null. */
    public Reason reason() {
        return reason;
    }
}
