package io.hooklane.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a signed body must show before the event type an unsigned header claims for it is believed: top-level members
 * that must be there (any value, null included), groups of which one must be there, members that must be absent,
 * members that must hold a non-blank string (or one of some strings) or must not be null. Reads only the members it
 * names, so a normalizer adds {@link #members()} to its {@link FieldPaths} as shapes. Immutable; each method returns
 * a new shape.
 */
final class BodyShape {

    private final List<String> required;
    private final List<List<String>> oneOfEach;
    private final List<String> forbidden;
    private final Map<String, Set<String>> texts;
    private final List<String> nonNull;

    private BodyShape(List<String> required, List<List<String>> oneOfEach, List<String> forbidden,
                      Map<String, Set<String>> texts, List<String> nonNull) {
        this.required = List.copyOf(required);
        this.oneOfEach = List.copyOf(oneOfEach);
        this.forbidden = List.copyOf(forbidden);
        this.texts = Map.copyOf(texts);
        this.nonNull = List.copyOf(nonNull);
    }

    /** A body that has every one of these top-level members. */
    static BodyShape requiring(String... members) {
        return new BodyShape(List.of(members), List.of(), List.of(), Map.of(), List.of());
    }

    /** ...and at least one of these. */
    BodyShape andOneOf(String... members) {
        List<List<String>> groups = new ArrayList<>(oneOfEach);
        groups.add(List.of(members));
        return new BodyShape(required, groups, forbidden, texts, nonNull);
    }

    /** ...and none of these. */
    BodyShape without(String... members) {
        List<String> all = new ArrayList<>(forbidden);
        all.addAll(List.of(members));
        return new BodyShape(required, oneOfEach, all, texts, nonNull);
    }

    /** ...and {@code member} holds a non-blank string, one of {@code values} when any are given. */
    BodyShape withText(String member, String... values) {
        Map<String, Set<String>> all = new LinkedHashMap<>(texts);
        all.put(member, Set.of(values));
        return new BodyShape(required, oneOfEach, forbidden, all, nonNull);
    }

    /** ...and {@code member} is there and not null. */
    BodyShape withNonNull(String member) {
        List<String> all = new ArrayList<>(nonNull);
        all.add(member);
        return new BodyShape(required, oneOfEach, forbidden, texts, all);
    }

    /** Every member this shape reads. */
    Set<String> members() {
        Set<String> names = new LinkedHashSet<>(required);
        oneOfEach.forEach(names::addAll);
        names.addAll(forbidden);
        names.addAll(texts.keySet());
        names.addAll(nonNull);
        return names;
    }

    /**
     * Throws {@link MalformedPayloadException.Reason#TYPE_MISMATCH} unless the body shows this shape.
     *
     * @param body  the payload's members read with {@link #members()} among the shapes; null when it is not JSON
     * @param claim what the unsigned header claims, such as {@code "X-Shopify-Topic 'orders/paid'"}: named in the
     *              message, which never quotes the body's values
     */
    void confirm(JsonNode body, String claim) throws MalformedPayloadException {
        String missing = mismatch(body);
        if (missing != null) {
            throw MalformedPayloadException.typeMismatch(claim + " does not match the signed body: " + missing);
        }
    }

    /** Null when the body shows this shape, else what it lacks (member names and expected values only). */
    String mismatch(JsonNode body) {
        if (body == null || !body.isObject()) {
            return "it is not a JSON object";
        }
        for (String member : required) {
            if (!body.has(member)) {
                return "it lacks '" + member + "'";
            }
        }
        for (List<String> group : oneOfEach) {
            if (group.stream().noneMatch(body::has)) {
                return "it has none of '" + String.join("', '", group) + "'";
            }
        }
        for (String member : forbidden) {
            if (body.has(member)) {
                return "it has '" + member + "'";
            }
        }
        for (Map.Entry<String, Set<String>> text : texts.entrySet()) {
            String value = JsonFields.text(body, text.getKey());
            if (value == null) {
                return "its '" + text.getKey() + "' is not a non-blank string";
            }
            if (!text.getValue().isEmpty() && !text.getValue().contains(value)) {
                return "its '" + text.getKey() + "' is not " + String.join(" or ", text.getValue().stream()
                        .sorted().map(v -> "'" + v + "'").toList());
            }
        }
        for (String member : nonNull) {
            if (!body.has(member) || body.get(member).isNull()) {
                return "its '" + member + "' is missing or null";
            }
        }
        return null;
    }

    /** The members every shape in {@code shapes} reads. */
    static Set<String> membersOf(Iterable<BodyShape> shapes) {
        Set<String> names = new LinkedHashSet<>();
        shapes.forEach(shape -> names.addAll(shape.members()));
        return names;
    }
}
