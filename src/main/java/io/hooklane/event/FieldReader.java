package io.hooklane.event;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * One pass over a payload object: walks every token (so the parser applies its limits everywhere), refuses a
 * duplicate member name in any object, and builds only the members on the {@link FieldPaths}. The names of the
 * objects being walked share one array (an object's names sit above its parent's while it is open), so checking
 * for duplicates allocates nothing per object; an object with more than {@value #SCAN_LIMIT} members gets a set.
 * One instance per payload; not thread-safe.
 */
final class FieldReader {

    /** Up to this many members an object's names are compared one by one; beyond, they go into a set. */
    static final int SCAN_LIMIT = 16;

    private final JsonParser parser;
    private final ObjectReader containerReader;
    private String[] names = new String[32];
    private int top;

    /**
     * @param parser          a parser that does not detect duplicates itself
     * @param containerReader reads an object or array kept whole (at the end of a path), refusing duplicates in it
     */
    FieldReader(JsonParser parser, ObjectReader containerReader) {
        this.parser = parser;
        this.containerReader = containerReader;
    }

    /** The parser is on an object's START_OBJECT; leaves it on its END_OBJECT. */
    ObjectNode readObject(FieldPaths fields) throws IOException {
        ObjectNode target = JsonNodeFactory.instance.objectNode();
        object(fields, target);
        return target;
    }

    /** {@code fields} and {@code target} are null while passing over an object no path goes into. */
    private void object(FieldPaths fields, ObjectNode target) throws IOException {
        int start = top;
        Set<String> many = null;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            many = remember(name, start, many);
            JsonToken value = parser.nextToken();
            FieldPaths child = fields == null ? null : fields.child(name);
            if (child == null) {
                passOver(value);
            } else if (child.isLeaf() && child.isShapeOnly() && value.isStructStart()) {
                passOver(value);
                target.set(name, value == JsonToken.START_OBJECT
                        ? JsonNodeFactory.instance.objectNode() : JsonNodeFactory.instance.arrayNode());
            } else if (child.isLeaf()) {
                target.set(name, value(value));
            } else if (value == JsonToken.START_OBJECT) {
                object(child, target.putObject(name));
            } else {
                // a path goes through a member that is not an object: like the whole tree, it leads nowhere
                target.set(name, value(value));
            }
        }
        top = start;
        if (token != JsonToken.END_OBJECT) {
            throw new JsonParseException(parser, "unexpected end of an object");
        }
    }

    private Set<String> remember(String name, int start, Set<String> many) throws JsonParseException {
        if (many != null) {
            if (!many.add(name)) {
                throw duplicate();
            }
            return many;
        }
        for (int i = start; i < top; i++) {
            if (names[i].equals(name)) {
                throw duplicate();
            }
        }
        if (top - start == SCAN_LIMIT) {
            Set<String> set = new HashSet<>(Arrays.asList(names).subList(start, top));
            set.add(name);
            top = start;
            return set;
        }
        if (top == names.length) {
            names = Arrays.copyOf(names, names.length * 2);
        }
        names[top++] = name;
        return null;
    }

    private JsonParseException duplicate() {
        // the name stays out of the message: it is the sender's data
        return new JsonParseException(parser, "duplicate member name");
    }

    /** Walks the value the parser is on (checking it like any other) without keeping it. */
    void passOver(JsonToken token) throws IOException {
        if (token == JsonToken.START_OBJECT) {
            object(null, null);
        } else if (token == JsonToken.START_ARRAY) {
            JsonToken element;
            while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (element == null) {
                    throw new JsonParseException(parser, "unexpected end of an array");
                }
                passOver(element);
            }
        }
    }

    /** The value the parser is on, as the tree reader would build it. */
    private JsonNode value(JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> JsonNodeFactory.instance.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> JsonNodeFactory.instance.numberNode(parser.getIntValue());
                case LONG -> JsonNodeFactory.instance.numberNode(parser.getLongValue());
                default -> JsonNodeFactory.instance.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> JsonNodeFactory.instance.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> BooleanNode.TRUE;
            case VALUE_FALSE -> BooleanNode.FALSE;
            case VALUE_NULL -> NullNode.instance;
            // the rare object or array at the end of a path: the tree reader's own nodes
            default -> containerReader.readTree(parser);
        };
    }
}
