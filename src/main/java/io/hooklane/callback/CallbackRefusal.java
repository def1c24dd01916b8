package io.hooklane.callback;

import java.util.Locale;

import io.hooklane.verify.Reason;

/**
 * Every way {@code POST /callbacks/{webhook-id}} can refuse a callback, with the HTTP status and the machine-readable
 * {@code error} code the destination sees. The signature codes are the ones ingest answers with.
 */
public enum CallbackRefusal {
    /** {@code webhook-id}, {@code webhook-timestamp} or {@code webhook-signature} is absent. */
    MISSING_SIGNATURE(401),
    /** A signature header cannot be parsed (not {@code v1,<base64>}, timestamp not unix seconds). */
    MALFORMED_SIGNATURE(401),
    /** No signature matches the destination's signing secret. */
    INVALID_SIGNATURE(401),
    /** The signed timestamp is further than the tolerance from now, either way. */
    TIMESTAMP_OUT_OF_TOLERANCE(401),
    /** No delivery with this webhook id waits for a callback here, nor did recently. */
    UNKNOWN_DELIVERY(404),
    /** The delivery was already completed by an earlier callback. */
    ALREADY_COMPLETED(409),
    /** The delivery stopped waiting: its callback timeout passed (it is retried or dead-lettered). */
    CALLBACK_LATE(409),
    /** The delivery stopped waiting without a result (a stop, a partition handed over): it is sent again. */
    DELIVERY_ABANDONED(409),
    /** This callback message ({@code webhook-id} header) was already received. */
    REPLAYED(409),
    /** The body is not the callback JSON. */
    MALFORMED_PAYLOAD(400),
    /** The body is larger than {@code hooklane.callbacks.max-body-size}. */
    PAYLOAD_TOO_LARGE(413);

    private final int status;

    CallbackRefusal(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A refused signature's reason; reasons of other schemes (digests, keys) cannot occur and read as invalid. */
    static CallbackRefusal of(Reason reason) {
        return switch (reason) {
            case MISSING_SIGNATURE -> MISSING_SIGNATURE;
            case MALFORMED_SIGNATURE -> MALFORMED_SIGNATURE;
            case TIMESTAMP_OUT_OF_TOLERANCE -> TIMESTAMP_OUT_OF_TOLERANCE;
            default -> INVALID_SIGNATURE;
        };
    }
}
