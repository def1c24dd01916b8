package io.hooklane.event;

/**
 * A payload (or CloudEvent document) that cannot be read: not JSON, too deeply nested, or without its type field.
 * The message is safe to show to the sender: it never quotes the payload. No stack trace is recorded.
 */
public final class MalformedPayloadException extends Exception {

    public MalformedPayloadException(String message) {
        super(message, null, false, false);
    }
}
