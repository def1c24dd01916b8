package io.hooklane.ingest.security;

import java.util.Locale;

/**
 * The refusals this package decides, with the HTTP status and machine-readable code the sender should see; meant to
 * be mirrored by {@code io.hooklane.ingest.RejectReason}.
 */
public enum SecurityReason {
    /** The client address is not on the source's allowlist. */
    IP_NOT_ALLOWED(403),
    /** The client has used up its token bucket for the source; answer with {@code Retry-After}. */
    RATE_LIMITED(429);

    private final int status;

    SecurityReason(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
