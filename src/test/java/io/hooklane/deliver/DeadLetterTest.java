package io.hooklane.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant FIRST = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant LAST = Instant.parse("2025-03-01T10:42:17.123Z");
    private static final String EVENT = "{\"specversion\":\"1.0\",\"id\":\"evt_1\",\"source\":\"/stripe\","
            + "\"type\":\"invoice.paid\",\"data\":{\"amount\":1200,\"note\":\"caf\u00e9 \\\"quoted\\\"\"}}";

    @Test
    void writes_every_field() throws Exception {
        DeadLetter letter = new DeadLetter("orders", "msg_abc", DeadLetter.RETRIES_EXHAUSTED, 7, FIRST, LAST, 503,
                "Service Unavailable", EVENT.getBytes(StandardCharsets.UTF_8));

        JsonNode json = MAPPER.readTree(letter.toJson());

        assertThat(json.get("destination").asText()).isEqualTo("orders");
        assertThat(json.get("webhookId").asText()).isEqualTo("msg_abc");
        assertThat(json.get("reason").asText()).isEqualTo("retries_exhausted");
        assertThat(json.get("attempts").asInt()).isEqualTo(7);
        assertThat(json.get("firstAttemptAt").asText()).isEqualTo("2025-03-01T10:00:00Z");
        assertThat(json.get("lastAttemptAt").asText()).isEqualTo("2025-03-01T10:42:17.123Z");
        assertThat(json.get("lastStatus").isInt()).isTrue();
        assertThat(json.get("lastStatus").asInt()).isEqualTo(503);
        assertThat(json.get("lastError").asText()).isEqualTo("Service Unavailable");
        assertThat(json.size()).isEqualTo(9);
    }

    @Test
    void embeds_the_event_as_json_not_as_a_string() throws Exception {
        DeadLetter letter = new DeadLetter("orders", "msg_abc", DeadLetter.PERMANENT_FAILURE, 1, FIRST, FIRST, 410,
                null, EVENT.getBytes(StandardCharsets.UTF_8));

        JsonNode event = MAPPER.readTree(letter.toJson()).get("event");

        assertThat(event.isObject()).isTrue();
        assertThat(event).isEqualTo(MAPPER.readTree(EVENT));
        assertThat(event.at("/data/note").asText()).isEqualTo("caf\u00e9 \"quoted\"");
    }

    @Test
    void null_last_status_is_written_as_json_null() throws Exception {
        DeadLetter letter = new DeadLetter("orders", "msg_abc", DeadLetter.RETRIES_EXHAUSTED, 3, FIRST, LAST, null,
                "connect timed out", EVENT.getBytes(StandardCharsets.UTF_8));

        JsonNode json = MAPPER.readTree(letter.toJson());

        assertThat(json.has("lastStatus")).isTrue();
        assertThat(json.get("lastStatus").isNull()).isTrue();
        assertThat(json.get("lastError").asText()).isEqualTo("connect timed out");
    }

    @Test
    void null_last_error_is_written_as_json_null() throws Exception {
        DeadLetter letter = new DeadLetter("orders", "msg_abc", DeadLetter.PERMANENT_FAILURE, 1, FIRST, FIRST, 400,
                null, EVENT.getBytes(StandardCharsets.UTF_8));

        JsonNode json = MAPPER.readTree(letter.toJson());

        assertThat(json.has("lastError")).isTrue();
        assertThat(json.get("lastError").isNull()).isTrue();
    }

    @Test
    void escapes_text_fields() throws Exception {
        String error = "bad \"quote\"\nnew line \\ back\u0001slash";
        DeadLetter letter = new DeadLetter("orders", "msg_abc", DeadLetter.PERMANENT_FAILURE, 1, FIRST, FIRST, 422,
                error, EVENT.getBytes(StandardCharsets.UTF_8));

        assertThat(MAPPER.readTree(letter.toJson()).get("lastError").asText()).isEqualTo(error);
    }

    @Test
    void output_is_utf8_text_a_person_can_read() {
        DeadLetter letter = new DeadLetter("orders", "msg_abc", DeadLetter.PERMANENT_FAILURE, 1, FIRST, FIRST, 404,
                "Not Found", EVENT.getBytes(StandardCharsets.UTF_8));

        String text = new String(letter.toJson(), StandardCharsets.UTF_8);

        assertThat(text).startsWith("{\"destination\":\"orders\"")
                .contains("\"reason\":\"permanent_failure\"")
                .contains("\"event\":" + EVENT)
                .contains("caf\u00e9");
    }

    @Test
    void to_string_summarises_without_the_event() {
        DeadLetter letter = new DeadLetter("orders", "msg_abc", DeadLetter.PERMANENT_FAILURE, 2, FIRST, LAST, 404,
                "Not Found", EVENT.getBytes(StandardCharsets.UTF_8));

        assertThat(letter.toString()).contains("orders", "msg_abc", "permanent_failure", "attempts=2", "404")
                .doesNotContain("invoice.paid");
    }

    @Test
    void writes_the_location_a_redirect_pointed_to() throws Exception {
        DeadLetter letter = new DeadLetter("orders", "msg_abc", DeadLetter.PERMANENT_FAILURE, 1, FIRST, FIRST, 301,
                "HTTP 301", "https://moved.example/hooks", EVENT.getBytes(StandardCharsets.UTF_8));

        JsonNode json = MAPPER.readTree(letter.toJson());

        assertThat(json.get("lastLocation").asText()).isEqualTo("https://moved.example/hooks");
        assertThat(json.size()).isEqualTo(10);
    }
}
