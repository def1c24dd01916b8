package io.hooklane.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The package's shared, thread-safe Jackson setup with deliberate read limits, so a hostile payload is refused as
 * malformed instead of exhausting the stack or the heap.
 */
final class Json {

    static final int MAX_NESTING_DEPTH = 64;
    static final int MAX_STRING_LENGTH = 5 * 1024 * 1024;
    static final int MAX_NUMBER_LENGTH = 100;

    /** For payloads: the limits above, duplicate keys refused (two {@code type} fields would be ambiguous). */
    static final JsonFactory FACTORY = factory(MAX_NESTING_DEPTH, MAX_STRING_LENGTH);

    /**
     * For CloudEvent documents: one level deeper than a payload (the envelope) and room for the base64 form of a
     * payload that was itself at the string limit.
     */
    static final JsonFactory ENVELOPE_FACTORY = factory(MAX_NESTING_DEPTH + 1, MAX_STRING_LENGTH / 3 * 4 + 1024);

    /**
     * Reads payload trees: the same limits, and duplicate keys refused by the tree reader itself
     * ({@code FAIL_ON_READING_DUP_TREE_KEY}: the object node's own map sees the repeat) instead of the parser's
     * duplicate detector, which would keep a second set of every object's names.
     */
    static final ObjectMapper MAPPER = JsonMapper.builder(factory(MAX_NESTING_DEPTH, MAX_STRING_LENGTH, false))
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    /** Reads one value in the middle of a document (the mapper would check for trailing tokens after it). */
    private static final ObjectReader VALUE_READER = MAPPER.reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /** Parses a payload that must be a JSON object. */
    static JsonNode readObject(byte[] payload) throws MalformedPayloadException {
        JsonNode node = reading(() -> MAPPER.readTree(payload));
        if (node == null || !node.isObject()) {
            throw new MalformedPayloadException("payload is not a JSON object");
        }
        return node;
    }

    /**
     * Reads a payload that must be a JSON object, keeping only the members on the given paths: the same checks as
     * {@link #readObject(byte[])} (one value, the limits, no duplicate key at any depth, the same messages), but
     * every other value is passed over ({@link FieldReader}) instead of being built into a tree, and its strings are
     * not decoded. Values on the paths are kept whole. A payload longer than {@link #MAX_STRING_LENGTH} is read as a
     * whole tree instead, since a string the parser passes over is not held to the string limit.
     */
    static JsonNode readObject(byte[] payload, FieldPaths fields) throws MalformedPayloadException {
        if (payload.length > MAX_STRING_LENGTH) {
            return readObject(payload);
        }
        return reading(() -> readFields(payload, fields));
    }

    private static JsonNode readFields(byte[] payload, FieldPaths fields)
            throws IOException, MalformedPayloadException {
        // duplicates are FieldReader's job: the parser's own detector keeps a set of names per object
        try (JsonParser parser = MAPPER.getFactory().createParser(payload)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                // what readTree would say: a value that is not an object, or not JSON at all
                if (first != null) {
                    new FieldReader(parser, VALUE_READER).passOver(first);
                    if (parser.nextToken() != null) {
                        throw new MalformedPayloadException("payload is not valid JSON");
                    }
                }
                throw new MalformedPayloadException("payload is not a JSON object");
            }
            JsonNode root = new FieldReader(parser, VALUE_READER).readObject(fields);
            if (parser.nextToken() != null) {
                throw new MalformedPayloadException("payload is not valid JSON");
            }
            return root;
        }
    }

    private interface PayloadRead {
        JsonNode read() throws IOException, MalformedPayloadException;
    }

    /** Runs a read of a payload, turning the parser's refusals into the messages the caller may see. */
    private static JsonNode reading(PayloadRead read) throws MalformedPayloadException {
        try {
            return read.read();
        } catch (StreamConstraintsException e) {
            throw new MalformedPayloadException("payload exceeds the JSON limits (nesting depth " + MAX_NESTING_DEPTH
                    + ", string length " + MAX_STRING_LENGTH + ", number length " + MAX_NUMBER_LENGTH + ")");
        } catch (JsonProcessingException e) {
            throw new MalformedPayloadException("payload is not valid JSON");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen when reading a byte array
        }
    }

    /** Parses a payload the scheme reads only for optional details; null when it is not a JSON object. */
    static JsonNode readObjectOrNull(byte[] payload, FieldPaths fields) {
        try {
            return readObject(payload, fields);
        } catch (MalformedPayloadException e) {
            return null;
        }
    }

    private static JsonFactory factory(int maxNestingDepth, int maxStringLength) {
        return factory(maxNestingDepth, maxStringLength, true);
    }

    private static JsonFactory factory(int maxNestingDepth, int maxStringLength, boolean detectDuplicates) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxNestingDepth)
                        .maxStringLength(maxStringLength)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .build())
                .configure(StreamReadFeature.STRICT_DUPLICATE_DETECTION, detectDuplicates)
                .build();
    }
}
