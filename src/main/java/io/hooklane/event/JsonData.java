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
     * Whether the payload is to be written verbatim as the {@code data} value: its content type is JSON (or absent)
     * and the bytes are exactly one well-formed JSON value in strict UTF-8 within the parser limits. A payload that
     * claims JSON but is not is never embedded raw, since that would corrupt (or inject into) the document.
     * Checked on the bytes: an ASCII payload (the usual webhook) needs no decoding. {@code parsedAsJson} says
     * {@link Json#readObject(byte[], FieldPaths)} already read these bytes (one value, the same limits, no duplicate
     * keys), so only the byte-level checks remain.
     */
    static boolean isEmbeddable(String contentType, byte[] data, boolean parsedAsJson) {
        if (data.length == 0 || (contentType != null && !isJsonMediaType(contentType))) {
            return false;
        }
        int ascii = asciiWithoutNul(data);
        if (ascii == NUL || (ascii == NON_ASCII && !isStrictUtf8(data))) {
            return false; // a raw NUL is never valid JSON text, and would make the parser guess UTF-16/32
        }
        if ((data[0] & 0xFF) == 0xEF) {
            return false; // a byte order mark (EF BB BF) is not JSON whitespace inside a document
        }
        return parsedAsJson || isSingleJsonValue(data);
    }

    private static final int ASCII = 0;
    private static final int NON_ASCII = 1;
    private static final int NUL = 2;

    private static int asciiWithoutNul(byte[] data) {
        int result = ASCII;
        for (byte b : data) {
            if (b == 0) {
                return NUL;
            }
            if (b < 0) {
                result = NON_ASCII;
            }
        }
        return result;
    }

    private static boolean isStrictUtf8(byte[] data) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean isSingleJsonValue(byte[] data) {
        try (JsonParser parser = Json.FACTORY.createParser(data)) {
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
