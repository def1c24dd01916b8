package io.hooklane.verify;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict parser for the RFC 8941 structured-field dictionaries HTTP Message Signatures use ({@code Signature-Input},
 * {@code Signature}, {@code UCP-Agent}, {@code Content-Digest}), and the serializer of inner lists that rebuilds the
 * {@code @signature-params} line. Anything outside the grammar is refused whole, as RFC 8941 §4.2 requires.
 */
final class StructuredFields {

    /** A token (RFC 8941 §3.3.4), kept apart from strings so that serialization tells them apart. */
    record Token(String value) {
    }

    /** A bare item with its parameters, in order. */
    record Item(Object value, Map<String, Object> params) {

        String string() {
            return value instanceof String s ? s : null;
        }

        byte[] bytes() {
            return value instanceof byte[] b ? b : null;
        }
    }

    /** An inner list of items with its own parameters. */
    record InnerList(List<Item> items, Map<String, Object> params) {
    }

    /** Thrown for any input outside the grammar; the message says where, never echoes the input. */
    static final class ParseException extends Exception {
        ParseException(String message) {
            super(message, null, false, false);
        }
    }

    private static final int MAX_MEMBERS = 64;

    private final String input;
    private int pos;

    private StructuredFields(String input) {
        this.input = input;
    }

    /** A dictionary: member names to {@link Item} or {@link InnerList}; a repeated name keeps its last value. */
    static Map<String, Object> parseDictionary(String value) throws ParseException {
        StructuredFields parser = new StructuredFields(value);
        Map<String, Object> members = parser.dictionary();
        return Collections.unmodifiableMap(members);
    }

    private Map<String, Object> dictionary() throws ParseException {
        Map<String, Object> members = new LinkedHashMap<>();
        skipSpaces();
        if (atEnd()) {
            throw new ParseException("empty dictionary");
        }
        while (!atEnd()) {
            String name = key();
            Object member;
            if (peek() == '=') {
                pos++;
                member = itemOrInnerList();
            } else {
                member = new Item(Boolean.TRUE, parameters());
            }
            members.remove(name);
            members.put(name, member);
            if (members.size() > MAX_MEMBERS) {
                throw new ParseException("too many dictionary members");
            }
            skipOws();
            if (atEnd()) {
                break;
            }
            expect(',');
            skipOws();
            if (atEnd()) {
                throw new ParseException("trailing comma");
            }
        }
        return members;
    }

    private Object itemOrInnerList() throws ParseException {
        return peek() == '(' ? innerList() : item();
    }

    private InnerList innerList() throws ParseException {
        expect('(');
        List<Item> items = new ArrayList<>();
        while (!atEnd()) {
            skipSpaces();
            if (peek() == ')') {
                pos++;
                return new InnerList(List.copyOf(items), parameters());
            }
            items.add(item());
            if (items.size() > MAX_MEMBERS) {
                throw new ParseException("too many inner list items");
            }
            char c = peek();
            if (c != ' ' && c != ')') {
                throw new ParseException("bad inner list at " + pos);
            }
        }
        throw new ParseException("unterminated inner list");
    }

    private Item item() throws ParseException {
        Object value = bareItem();
        return new Item(value, parameters());
    }

    private Map<String, Object> parameters() throws ParseException {
        Map<String, Object> params = new LinkedHashMap<>();
        while (!atEnd() && peek() == ';') {
            pos++;
            skipSpaces();
            String name = key();
            Object value = Boolean.TRUE;
            if (!atEnd() && peek() == '=') {
                pos++;
                value = bareItem();
            }
            params.remove(name);
            params.put(name, value);
            if (params.size() > MAX_MEMBERS) {
                throw new ParseException("too many parameters");
            }
        }
        return Collections.unmodifiableMap(params);
    }

    private Object bareItem() throws ParseException {
        if (atEnd()) {
            throw new ParseException("missing value at " + pos);
        }
        char c = peek();
        if (c == '-' || isDigit(c)) {
            return number();
        }
        if (c == '"') {
            return string();
        }
        if (c == ':') {
            return byteSequence();
        }
        if (c == '?') {
            return bool();
        }
        if (isAlpha(c) || c == '*') {
            return token();
        }
        throw new ParseException("unexpected character at " + pos);
    }

    private Object number() throws ParseException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        int digitsStart = pos;
        boolean decimal = false;
        while (!atEnd()) {
            char c = peek();
            if (isDigit(c)) {
                pos++;
            } else if (c == '.' && !decimal) {
                decimal = true;
                pos++;
            } else {
                break;
            }
        }
        String text = input.substring(start, pos);
        String digits = input.substring(digitsStart, pos);
        if (digits.isEmpty() || !isDigit(digits.charAt(0))) {
            throw new ParseException("bad number at " + start);
        }
        if (!decimal) {
            if (digits.length() > 15) {
                throw new ParseException("integer too long at " + start);
            }
            return Long.parseLong(text);
        }
        int dot = digits.indexOf('.');
        if (dot > 12 || dot == digits.length() - 1 || digits.length() - dot - 1 > 3) {
            throw new ParseException("bad decimal at " + start);
        }
        return new BigDecimal(text);
    }

    private String string() throws ParseException {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (!atEnd()) {
            char c = input.charAt(pos++);
            if (c == '\\') {
                if (atEnd()) {
                    break;
                }
                char next = input.charAt(pos++);
                if (next != '"' && next != '\\') {
                    throw new ParseException("bad escape at " + (pos - 1));
                }
                out.append(next);
            } else if (c == '"') {
                return out.toString();
            } else if (c < 0x20 || c > 0x7e) {
                throw new ParseException("bad string character at " + (pos - 1));
            } else {
                out.append(c);
            }
        }
        throw new ParseException("unterminated string");
    }

    private Token token() {
        int start = pos;
        pos++;
        while (!atEnd() && isTokenChar(peek())) {
            pos++;
        }
        return new Token(input.substring(start, pos));
    }

    private byte[] byteSequence() throws ParseException {
        expect(':');
        int end = input.indexOf(':', pos);
        if (end < 0) {
            throw new ParseException("unterminated byte sequence");
        }
        String text = input.substring(pos, end);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(isAlpha(c) || isDigit(c) || c == '+' || c == '/' || c == '=')) {
                throw new ParseException("bad byte sequence at " + (pos + i));
            }
        }
        pos = end + 1;
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new ParseException("bad base64 in byte sequence");
        }
    }

    private Boolean bool() throws ParseException {
        expect('?');
        if (atEnd()) {
            throw new ParseException("bad boolean");
        }
        char c = input.charAt(pos++);
        if (c == '1') {
            return Boolean.TRUE;
        }
        if (c == '0') {
            return Boolean.FALSE;
        }
        throw new ParseException("bad boolean at " + (pos - 1));
    }

    private String key() throws ParseException {
        if (atEnd() || !(isLcAlpha(peek()) || peek() == '*')) {
            throw new ParseException("bad key at " + pos);
        }
        int start = pos;
        while (!atEnd()) {
            char c = peek();
            if (isLcAlpha(c) || isDigit(c) || c == '_' || c == '-' || c == '.' || c == '*') {
                pos++;
            } else {
                break;
            }
        }
        return input.substring(start, pos);
    }

    /** The RFC 8941 serialization of an inner list with its parameters, as RFC 9421 §2.3 signs it. */
    static String serialize(InnerList list) {
        StringBuilder out = new StringBuilder("(");
        for (int i = 0; i < list.items().size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            Item item = list.items().get(i);
            serializeBare(item.value(), out);
            serializeParams(item.params(), out);
        }
        out.append(')');
        serializeParams(list.params(), out);
        return out.toString();
    }

    private static void serializeParams(Map<String, Object> params, StringBuilder out) {
        params.forEach((name, value) -> {
            out.append(';').append(name);
            if (!Boolean.TRUE.equals(value)) {
                out.append('=');
                serializeBare(value, out);
            }
        });
    }

    private static void serializeBare(Object value, StringBuilder out) {
        if (value instanceof String s) {
            out.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        } else if (value instanceof Token t) {
            out.append(t.value());
        } else if (value instanceof byte[] b) {
            out.append(':').append(Base64.getEncoder().encodeToString(b)).append(':');
        } else if (value instanceof Boolean b) {
            out.append(b ? "?1" : "?0");
        } else if (value instanceof BigDecimal d) {
            out.append(d.scale() == 0 ? d.toPlainString() + ".0" : d.stripTrailingZeros().toPlainString());
        } else {
            out.append(value);
        }
    }

    private void expect(char c) throws ParseException {
        if (atEnd() || input.charAt(pos) != c) {
            throw new ParseException("expected '" + c + "' at " + pos);
        }
        pos++;
    }

    private char peek() {
        return atEnd() ? '\0' : input.charAt(pos);
    }

    private boolean atEnd() {
        return pos >= input.length();
    }

    private void skipSpaces() {
        while (!atEnd() && input.charAt(pos) == ' ') {
            pos++;
        }
    }

    private void skipOws() {
        while (!atEnd() && (input.charAt(pos) == ' ' || input.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLcAlpha(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isAlpha(char c) {
        return isLcAlpha(c) || (c >= 'A' && c <= 'Z');
    }

    private static boolean isTokenChar(char c) {
        return c > 0x20 && c < 0x7f && "\"(),;<=>?@[\\]{}".indexOf(c) < 0;
    }
}
