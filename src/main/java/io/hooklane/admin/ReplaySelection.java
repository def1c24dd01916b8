package io.hooklane.admin;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a replay request selects: one entry ({@code {"entryId": "0-12"}}), all entries ({@code {"all": true}}) or
 * those dead-lettered in {@code [from, to)} ({@code {"from": "...", "to": "..."}}, ISO-8601, by the dead-letter
 * record's Kafka timestamp). Bulk selections are replayed in pages: {@code limit} caps one call and {@code cursor}
 * (from the previous answer's {@code next}) continues where it stopped. Bulk selections take open entries only;
 * {@code "state": "all"} takes closed ones (replayed, delivered, discarded) too. One entry is taken whatever its state.
 */
public record ReplaySelection(Kind kind, String entryId, Instant from, Instant to, Integer limit, String cursor,
                              boolean includeClosed) {

    public enum Kind { ENTRY, ALL, RANGE }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("entryId", "all", "from", "to", "limit", "cursor", "state");

    public static ReplaySelection parse(byte[] body) {
        JsonNode json;
        try {
            json = body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            throw AdminException.badRequest("the body must be a JSON object");
        }
        if (json == null || !json.isObject()) {
            throw AdminException.badRequest(
                    "the body must be a JSON object: {\"entryId\": \"0-12\"}, {\"all\": true} or {\"from\": ..., \"to\": ...}");
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw AdminException.badRequest("unknown field '" + name + "'");
            }
        }
        boolean hasEntry = json.hasNonNull("entryId");
        boolean all = json.path("all").asBoolean(false);
        if (json.has("all") && !json.get("all").isBoolean()) {
            throw AdminException.badRequest("all must be true or false");
        }
        boolean hasRange = json.hasNonNull("from") || json.hasNonNull("to");
        int chosen = (hasEntry ? 1 : 0) + (all ? 1 : 0) + (hasRange ? 1 : 0);
        if (chosen != 1) {
            throw AdminException.badRequest("give exactly one of entryId, all: true, or from and to");
        }
        Integer limit = null;
        if (json.hasNonNull("limit")) {
            if (!json.get("limit").canConvertToInt() || json.get("limit").asInt() < 1) {
                throw AdminException.badRequest("limit must be a positive integer");
            }
            limit = json.get("limit").asInt();
        }
        String cursor = json.hasNonNull("cursor") ? json.get("cursor").asText() : null;
        boolean includeClosed = json.hasNonNull("state") && includeClosed(json.get("state").asText());
        if (hasEntry) {
            String entryId = json.get("entryId").asText();
            DeadLetterEntry.parseEntryId(entryId);
            return new ReplaySelection(Kind.ENTRY, entryId, null, null, null, null, true);
        }
        if (all) {
            return new ReplaySelection(Kind.ALL, null, null, null, limit, cursor, includeClosed);
        }
        if (!json.hasNonNull("from") || !json.hasNonNull("to")) {
            throw AdminException.badRequest("a time range needs both from and to");
        }
        Instant from = instant(json.get("from").asText(), "from");
        Instant to = instant(json.get("to").asText(), "to");
        if (!from.isBefore(to)) {
            throw AdminException.badRequest("from must be before to");
        }
        return new ReplaySelection(Kind.RANGE, null, from, to, limit, cursor, includeClosed);
    }

    /** {@code "open"} (the default) or {@code "all"}; anything else is refused. */
    static boolean includeClosed(String state) {
        if (state == null || state.isBlank() || state.equals("open")) {
            return false;
        }
        if (state.equals("all")) {
            return true;
        }
        throw AdminException.badRequest("state must be \"open\" or \"all\"");
    }

    private static Instant instant(String text, String field) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException again) {
                throw AdminException.badRequest(field + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
            }
        }
    }
}
