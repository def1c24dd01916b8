package io.hooklane.admin;

/** A refusal of the admin API: its HTTP status and the {@code error} code of the JSON body. */
public final class AdminException extends RuntimeException {

    private final int status;
    private final String code;
    private final long retryAfterSeconds;

    public AdminException(int status, String code, String message) {
        this(status, code, message, 0);
    }

    /** @param retryAfterSeconds sent as {@code Retry-After} when above 0 */
    public AdminException(int status, String code, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static AdminException badRequest(String message) {
        return new AdminException(400, "invalid_request", message);
    }

    public static AdminException notFound(String code, String message) {
        return new AdminException(404, code, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
