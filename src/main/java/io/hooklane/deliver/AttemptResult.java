package io.hooklane.deliver;

import java.time.Duration;

/** What one HTTP attempt returned: a status (null when no response arrived), an error text, a Retry-After. */
public record AttemptResult(Integer status, String error, Duration retryAfter) {

    public Outcome outcome() {
        return Outcome.of(status);
    }

    public String describe() {
        return status == null ? "no response: " + error : "HTTP " + status + (error == null ? "" : ": " + error);
    }
}
