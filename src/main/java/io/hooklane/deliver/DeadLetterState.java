package io.hooklane.deliver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What became of one dead-letter entry, as recorded in the compacted state topic
 * ({@code hooklane.topic.dead-letter-state}): keyed {@code <dead-letter topic>/<partition>-<offset>}, valued
 * {@code {"state": "replayed"|"delivered"|"discarded", "at": "<instant>", "by": "..."}}. An entry without a state
 * record is open. A replayed record carries its entry's key in the {@link #REPLAYED_FROM} header, so the delivery
 * that delivers it can write {@code delivered}.
 */
public record DeadLetterState(State state, Instant at, String by) {

    /** Kafka header of a replayed record: the state key of the dead-letter entry it comes from. */
    public static final String REPLAYED_FROM = "hooklane-replayed-from";

    public enum State {
        REPLAYED, DELIVERED, DISCARDED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static String key(String deadLetterTopic, int partition, long offset) {
        return key(deadLetterTopic, partition + "-" + offset);
    }

    /** @param entryId {@code <partition>-<offset>} */
    public static String key(String deadLetterTopic, String entryId) {
        return deadLetterTopic + "/" + entryId;
    }

    public byte[] toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("state", state.label());
        node.put("at", at.toString());
        node.put("by", by);
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @return null for a value that is no state this class wrote (a tombstone included) */
    public static DeadLetterState parse(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(value);
            State state = State.valueOf(node.path("state").asText("").toUpperCase(Locale.ROOT));
            Instant at = node.hasNonNull("at") ? Instant.parse(node.get("at").asText()) : Instant.EPOCH;
            return new DeadLetterState(state, at, node.path("by").asText(null));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
