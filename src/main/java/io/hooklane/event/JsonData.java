package io.hooklane.event;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Decides whether a payload may be embedded verbatim as a JSON value inside a CloudEvent document. */
final class JsonData {

    private JsonData() {
    }

    /** {@code application/json} or any {@code type/subtype+json}, parameters such as charset ignored. */
    static boolean isJsonMediaType(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || (mediaType.indexOf('/') > 0 && mediaType.endsWith("+json"));
    }

    /**
     * The payload as text if it is to be written as the {@code data} value: its content type is JSON (or absent) and
     * the bytes are exactly one well-formed JSON value in strict UTF-8 within the parser limits. A payload that
     * claims JSON but is not is never embedded raw, since that would corrupt (or inject into) the document.
     *
     * @return the text, whose UTF-8 encoding is the payload byte-for-byte; or null for {@code data_base64}
     */
    static String embeddableText(String contentType, byte[] data) {
        if (data.length == 0 || (contentType != null && !isJsonMediaType(contentType))) {
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        if (text.charAt(0) == '\uFEFF') {
            return null; // a byte order mark is not JSON whitespace inside a document
        }
        return isSingleJsonValue(text) ? text : null;
    }

    private static boolean isSingleJsonValue(String text) {
        try (JsonParser parser = Json.FACTORY.createParser(text)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
