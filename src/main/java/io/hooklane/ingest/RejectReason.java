package io.hooklane.ingest;

import java.util.Locale;

import io.hooklane.verify.Reason;

/** Every way ingest can refuse a webhook, with the HTTP status and the machine-readable code the sender sees. */
public enum RejectReason {
    UNKNOWN_SOURCE(404),
    IP_NOT_ALLOWED(403),
    RATE_LIMITED(429),
    METHOD_NOT_ALLOWED(405),
    REQUEST_TIMEOUT(408),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    MALFORMED_PAYLOAD(400),
    MALFORMED_REQUEST(400),
    HEADERS_TOO_LARGE(431),
    URI_TOO_LONG(414),
    MISSING_SIGNATURE(401),
    MALFORMED_SIGNATURE(401),
    INVALID_SIGNATURE(401),
    TIMESTAMP_OUT_OF_TOLERANCE(401),
    DIGEST_MISMATCH(401),
    UNTRUSTED_KEY_SOURCE(401),
    UNKNOWN_KEY(401),
    QUEUE_UNAVAILABLE(503),
    BUSY(503),
    NOT_READY(503),
    INTERNAL_ERROR(500);

    private final int status;

    RejectReason(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RejectReason of(Reason reason) {
        return valueOf(reason.name());
    }
}
