package io.hooklane.event;

import com.fasterxml.jackson.databind.JsonNode;

/** Null-safe reads of single fields from a parsed payload. */
final class JsonFields {

    private JsonFields() {
    }

    /** The node at the path, or null if any step is missing or not an object. */
    static JsonNode at(JsonNode root, String... path) {
        JsonNode node = root;
        for (String name : path) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(name);
        }
        return node;
    }

    /** The non-blank string at the path, or null. */
    static String text(JsonNode root, String... path) {
        JsonNode node = at(root, path);
        return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    /** An identifier at the path as a string: a non-blank string, or an integer written in decimal; else null. */
    static String identifier(JsonNode root, String... path) {
        JsonNode node = at(root, path);
        if (node != null && node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        return text(root, path);
    }

    /** The first of the top-level fields that holds a non-blank string, or null. */
    static String firstText(JsonNode root, String... fields) {
        for (String field : fields) {
            String value = text(root, field);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** The type: the first of the fields holding a non-blank string, which the payload must have. */
    static String requiredType(JsonNode root, String... fields) throws MalformedPayloadException {
        String type = firstText(root, fields);
        if (type == null) {
            throw new MalformedPayloadException("payload lacks the '" + String.join("' or '", fields) + "' field");
        }
        return type;
    }
}
