package io.hooklane.deliver;

import java.time.Duration;

/**
 * What one HTTP attempt returned: a status (null when no response arrived), an error text, a Retry-After, and the
 * {@code Location} a redirect pointed to (null unless 3xx). Texts from the receiver are kept short and printable.
 */
public record AttemptResult(Integer status, String error, Duration retryAfter, String location) {

    public AttemptResult {
        error = ReceiverText.clean(error);
        location = ReceiverText.clean(location);
    }

    public AttemptResult(Integer status, String error, Duration retryAfter) {
        this(status, error, retryAfter, null);
    }

    public Outcome outcome() {
        return Outcome.of(status);
    }

    public String describe() {
        String text = status == null ? "no response: " + error : "HTTP " + status + (error == null ? "" : ": " + error);
        return location == null ? text : text + " (Location: " + location + ")";
    }
}
