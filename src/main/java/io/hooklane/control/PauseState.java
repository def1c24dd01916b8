package io.hooklane.control;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A destination's pause as the control topic holds it: key {@code pause/<destination>}, value
 * {@code {"paused":true,"by":"<instance id>","at":"<RFC 3339>"}} (a resume is the same record with {@code false}).
 */
public record PauseState(boolean paused, String by, Instant at) {

    public static final String KEY_PREFIX = "pause/";
    /** A longer value is not a pause record: it is ignored rather than parsed. */
    static final int MAX_VALUE_BYTES = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    public static String key(String destination) {
        return KEY_PREFIX + destination;
    }

    /** The destination a control record's key names, if it is a pause record's key. */
    public static Optional<String> destinationOf(String key) {
        if (key == null || !key.startsWith(KEY_PREFIX) || key.length() == KEY_PREFIX.length()) {
            return Optional.empty();
        }
        return Optional.of(key.substring(KEY_PREFIX.length()));
    }

    public byte[] toJson() {
        return JSON.createObjectNode().put("paused", paused).put("by", by).put("at", at.toString()).toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The record's value read back; empty when it is missing, too long or not of this shape (a {@code by} that is no
     * instance id included: it is logged and shown, so it cannot carry control characters).
     */
    public static Optional<PauseState> parse(byte[] value) {
        if (value == null || value.length > MAX_VALUE_BYTES) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(value);
            if (node == null || !node.path("paused").isBoolean() || !node.path("by").isTextual()
                    || !node.path("at").isTextual() || !InstanceId.valid(node.get("by").textValue())) {
                return Optional.empty();
            }
            return Optional.of(new PauseState(node.get("paused").booleanValue(), node.get("by").textValue(),
                    Instant.parse(node.get("at").textValue())));
        } catch (java.io.IOException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
