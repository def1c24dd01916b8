package io.hooklane.deliver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * A dead-letter record, readable by a person: why the delivery stopped, how often and when it was tried, the last
 * status and error, where the last answer redirected to ({@code lastLocation}, only for a 3xx with a Location), and
 * the event itself (embedded as is).
 */
public record DeadLetter(String destination, String webhookId, String reason, int attempts, Instant firstAttemptAt,
                         Instant lastAttemptAt, Integer lastStatus, String lastError, String lastLocation,
                         byte[] event) {

    public static final String PERMANENT_FAILURE = "permanent_failure";
    public static final String RETRIES_EXHAUSTED = "retries_exhausted";
    private static final JsonFactory JSON = new JsonFactory();

    public DeadLetter(String destination, String webhookId, String reason, int attempts, Instant firstAttemptAt,
                      Instant lastAttemptAt, Integer lastStatus, String lastError, byte[] event) {
        this(destination, webhookId, reason, attempts, firstAttemptAt, lastAttemptAt, lastStatus, lastError, null,
                event);
    }

    public byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(event.length + 512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("destination", destination);
            json.writeStringField("webhookId", webhookId);
            json.writeStringField("reason", reason);
            json.writeNumberField("attempts", attempts);
            json.writeStringField("firstAttemptAt", firstAttemptAt.toString());
            json.writeStringField("lastAttemptAt", lastAttemptAt.toString());
            if (lastStatus == null) {
                json.writeNullField("lastStatus");
            } else {
                json.writeNumberField("lastStatus", lastStatus);
            }
            json.writeStringField("lastError", lastError);
            if (lastLocation != null) {
                json.writeStringField("lastLocation", lastLocation);
            }
            json.writeFieldName("event");
            json.writeRawValue(new String(event, java.nio.charset.StandardCharsets.UTF_8));
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "DeadLetter[destination=" + destination + ", webhookId=" + webhookId + ", reason=" + reason
                + ", attempts=" + attempts + ", lastStatus=" + lastStatus + "]";
    }
}
