package io.hooklane.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutcomeTest {

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({
            "200, DELIVERED",
            "201, DELIVERED",
            "202, DELIVERED",
            "204, DELIVERED",
            "299, DELIVERED",
            "408, RETRY",
            "429, RETRY",
            "500, RETRY",
            "502, RETRY",
            "503, RETRY",
            "504, RETRY",
            "599, RETRY",
            "400, PERMANENT",
            "401, PERMANENT",
            "403, PERMANENT",
            "404, PERMANENT",
            "405, PERMANENT",
            "409, PERMANENT",
            "410, PERMANENT",
            "413, PERMANENT",
            "422, PERMANENT",
            "300, PERMANENT",
            "301, PERMANENT",
            "302, PERMANENT",
            "304, PERMANENT",
            "307, PERMANENT",
            "308, PERMANENT",
            "100, PERMANENT",
            "199, PERMANENT",
    })
    void classifies_status(int status, Outcome expected) {
        assertThat(Outcome.of(status)).isEqualTo(expected);
    }

    @Test
    void no_response_is_retried() {
        assertThat(Outcome.of(null)).isEqualTo(Outcome.RETRY);
    }

    @Test
    void attempt_result_uses_the_same_classification() {
        assertThat(new AttemptResult(503, "busy", null).outcome()).isEqualTo(Outcome.RETRY);
        assertThat(new AttemptResult(null, "connection refused", null).outcome()).isEqualTo(Outcome.RETRY);
        assertThat(new AttemptResult(410, null, null).outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(new AttemptResult(204, null, null).outcome()).isEqualTo(Outcome.DELIVERED);
    }

    @Test
    void attempt_result_describes_missing_response_and_status() {
        assertThat(new AttemptResult(null, "timeout", null).describe()).isEqualTo("no response: timeout");
        assertThat(new AttemptResult(500, "boom", null).describe()).isEqualTo("HTTP 500: boom");
        assertThat(new AttemptResult(404, null, null).describe()).isEqualTo("HTTP 404");
    }
}
