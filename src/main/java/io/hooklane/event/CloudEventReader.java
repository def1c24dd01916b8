package io.hooklane.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Streams a CloudEvent JSON document. The {@code data} value is cut out of the document by byte offsets: from just
 * after its colon to just before the following comma or closing brace, so whitespace inside and around the
 * embedded payload is kept exactly.
 */
final class CloudEventReader {

    private static final String DATA = "data";
    private static final String DATA_BASE64 = "data_base64";

    private final byte[] document;
    private final Map<String, String> attributes = new HashMap<>();
    private byte[] rawData;
    private String dataString;
    private byte[] base64Data;

    private CloudEventReader(byte[] document) {
        this.document = document;
    }

    static CanonicalEvent read(byte[] document) throws MalformedPayloadException {
        CloudEventReader reader = new CloudEventReader(document);
        try (JsonParser parser = Json.ENVELOPE_FACTORY.createParser(document)) {
            reader.parse(parser);
        } catch (JsonProcessingException e) {
            throw new MalformedPayloadException("document is not valid JSON within the parser limits");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen when reading a byte array
        }
        return reader.toEvent();
    }

    private void parse(JsonParser parser) throws IOException, MalformedPayloadException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new MalformedPayloadException("document is not a JSON object");
        }
        int dataStart = -1;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            if (dataStart >= 0) {
                rawData = slice(dataStart, commaBefore(tokenStart(parser)));
                dataStart = -1;
            }
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (DATA.equals(name)) {
                dataStart = colonBefore(tokenStart(parser)) + 1;
                dataString = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                parser.skipChildren();
            } else if (DATA_BASE64.equals(name)) {
                base64Data = decodeBase64(stringValue(parser, value, name));
            } else if (value == JsonToken.VALUE_STRING) {
                attributes.put(name, parser.getText());
            } else {
                parser.skipChildren(); // non-string extensions are not part of the canonical event
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new MalformedPayloadException("document is not a JSON object");
        }
        if (dataStart >= 0) {
            rawData = slice(dataStart, tokenStart(parser));
        }
        if (parser.nextToken() != null) {
            throw new MalformedPayloadException("document has content after its end");
        }
    }

    private CanonicalEvent toEvent() throws MalformedPayloadException {
        if (!"1.0".equals(attributes.get("specversion"))) {
            throw new MalformedPayloadException("document is not a CloudEvents 1.0 event");
        }
        if (rawData != null && base64Data != null) {
            throw new MalformedPayloadException("document has both 'data' and 'data_base64'");
        }
        Instant time = Times.iso(attributes.get("time"));
        if (time == null) {
            throw new MalformedPayloadException("document lacks a valid 'time'");
        }
        String contentType = attributes.get("datacontenttype");
        try {
            return new CanonicalEvent(attributes.get("id"), attributes.get("source"), attributes.get("type"),
                    attributes.get(CloudEventJson.PROVIDER_TYPE_EXTENSION), time, attributes.get("subject"),
                    contentType, data(contentType), false, attributes.get(CloudEventJson.UNSIGNED_ATTRS_EXTENSION));
        } catch (IllegalArgumentException e) {
            throw new MalformedPayloadException("document lacks 'id', 'source' or 'type'");
        }
    }

    /** JSON data as its exact bytes; a string under a non-JSON content type as that string's text. */
    private byte[] data(String contentType) {
        if (base64Data != null) {
            return base64Data;
        }
        if (rawData == null) {
            return new byte[0];
        }
        if (dataString != null && contentType != null && !JsonData.isJsonMediaType(contentType)) {
            return dataString.getBytes(StandardCharsets.UTF_8);
        }
        return rawData;
    }

    private static String stringValue(JsonParser parser, JsonToken value, String name)
            throws IOException, MalformedPayloadException {
        if (value != JsonToken.VALUE_STRING) {
            throw new MalformedPayloadException("'" + name + "' is not a string");
        }
        return parser.getText();
    }

    private static byte[] decodeBase64(String text) throws MalformedPayloadException {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedPayloadException("'data_base64' is not valid base64");
        }
    }

    private static int tokenStart(JsonParser parser) {
        return Math.toIntExact(parser.currentTokenLocation().getByteOffset());
    }

    /** The position of the colon before a value; only whitespace may lie between them. */
    private int colonBefore(int valueStart) throws MalformedPayloadException {
        return skipWhitespaceBackTo(valueStart - 1, (byte) ':');
    }

    /** The position of the comma before a field name that follows a value. */
    private int commaBefore(int nameStart) throws MalformedPayloadException {
        return skipWhitespaceBackTo(nameStart - 1, (byte) ',');
    }

    private int skipWhitespaceBackTo(int from, byte expected) throws MalformedPayloadException {
        int i = from;
        while (i >= 0 && isWhitespace(document[i])) {
            i--;
        }
        if (i < 0 || document[i] != expected) {
            throw new MalformedPayloadException("document's 'data' cannot be located");
        }
        return i;
    }

    private byte[] slice(int from, int to) {
        return Arrays.copyOfRange(document, from, to);
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
