package io.hooklane.event;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a generic source's JSON body keeps its fields: each a comma-separated list of dotted paths of member names
 * ({@code data.order_id}), the first one present winning. A {@code timestampField}, when set, names a signed body
 * timestamp (unix seconds or RFC 3339) that must be present and within the tolerance of the clock; when unset the time
 * is read from {@code timestamp} if present and not checked. Immutable; {@link #of} validates.
 */
public record GenericFields(List<String> id, List<String> type, List<String> subject, List<String> timestamp,
                            Duration tolerance, Clock clock) {

    public static final String DEFAULT_ID = "id";
    public static final String DEFAULT_TYPE = "event,type";
    public static final String DEFAULT_SUBJECT = "data.order_id,data.id";
    /** The field the time is read from (unchecked) when no timestampField is configured. */
    static final String DEFAULT_TIME = "timestamp";

    /** The defaults: no body timestamp is enforced. */
    public static final GenericFields DEFAULTS = of("", "", "", "", Duration.ofSeconds(300), Clock.systemUTC());

    public GenericFields {
        id = List.copyOf(id);
        type = List.copyOf(type);
        subject = List.copyOf(subject);
        timestamp = List.copyOf(timestamp);
        Objects.requireNonNull(tolerance, "tolerance");
        Objects.requireNonNull(clock, "clock");
    }

    /**
     * The fields as configured; blank means the default.
     *
     * @throws IllegalArgumentException naming the parameter and its value when a path is empty or has an empty step
     */
    public static GenericFields of(String idField, String typeField, String subjectField, String timestampField,
                                   Duration tolerance, Clock clock) {
        return new GenericFields(paths("idField", idField, DEFAULT_ID), paths("typeField", typeField, DEFAULT_TYPE),
                paths("subjectField", subjectField, DEFAULT_SUBJECT), paths("timestampField", timestampField, ""),
                tolerance, clock);
    }

    /** Whether a signed body timestamp is configured, and so required and checked. */
    public boolean checksTimestamp() {
        return !timestamp.isEmpty();
    }

    /** The paths this configuration reads, for {@link FieldPaths}. */
    List<String> allPaths() {
        List<String> all = new ArrayList<>(id);
        all.addAll(type);
        all.addAll(subject);
        all.addAll(checksTimestamp() ? timestamp : List.of(DEFAULT_TIME));
        return all;
    }

    private static List<String> paths(String name, String configured, String fallback) {
        String text = configured == null || configured.isBlank() ? fallback : configured.trim();
        List<String> paths = new ArrayList<>();
        if (text.isEmpty()) {
            return paths;
        }
        for (String path : text.split(",")) {
            String trimmed = path.trim();
            if (trimmed.isEmpty() || trimmed.startsWith(".") || trimmed.endsWith(".") || trimmed.contains("..")) {
                throw new IllegalArgumentException(name + " must be comma-separated dotted paths such as"
                        + " 'data.order_id' but was '" + configured + "'");
            }
            paths.add(trimmed);
        }
        return paths;
    }
}
