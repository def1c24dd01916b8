package io.hooklane.event;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * CloudEvents 1.0 JSON format (structured mode, {@value #CONTENT_TYPE}). A JSON payload is embedded as the
 * {@code data} value byte-for-byte; anything else goes to {@code data_base64}; an empty payload writes neither.
 */
public final class CloudEventJson {

    public static final String CONTENT_TYPE = "application/cloudevents+json";
    public static final String PROVIDER_TYPE_EXTENSION = "providertype";
    /**
     * Names the attributes taken from request headers the provider does not sign ({@code "type,id,time"} or a part);
     * present only when there are some.
     */
    public static final String UNSIGNED_ATTRS_EXTENSION = "unsignedattrs";

    private CloudEventJson() {
    }

    /** The event as a UTF-8 CloudEvent document. */
    public static byte[] write(CanonicalEvent event) {
        byte[] data = event.rawData();
        boolean embedded = data.length > 0 && JsonData.isEmbeddable(event.dataContentType(), data, event.dataParsedAsJson());
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 512);
        try (JsonGenerator generator = Json.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            generator.writeStartObject();
            generator.writeStringField("specversion", "1.0");
            generator.writeStringField("id", event.id());
            generator.writeStringField("source", event.source());
            generator.writeStringField("type", event.type());
            generator.writeStringField("time", DateTimeFormatter.ISO_INSTANT.format(event.time()));
            writeIfPresent(generator, "subject", event.subject());
            writeIfPresent(generator, "datacontenttype", event.dataContentType());
            writeIfPresent(generator, PROVIDER_TYPE_EXTENSION, event.providerType());
            writeIfPresent(generator, UNSIGNED_ATTRS_EXTENSION, event.unsignedAttributes());
            if (data.length > 0 && !embedded) {
                generator.writeStringField("data_base64", Base64.getEncoder().encodeToString(data));
            }
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen when writing to memory
        }
        if (!embedded) {
            return out.toByteArray();
        }
        // the JSON payload goes in as its own bytes, not decoded and re-encoded: replace the closing brace
        byte[] envelope = out.toByteArray();
        if (envelope[envelope.length - 1] != '}') {
            throw new IllegalStateException("the CloudEvent envelope does not end with '}'");
        }
        byte[] document = new byte[envelope.length - 1 + DATA_FIELD.length + data.length + 1];
        System.arraycopy(envelope, 0, document, 0, envelope.length - 1);
        System.arraycopy(DATA_FIELD, 0, document, envelope.length - 1, DATA_FIELD.length);
        System.arraycopy(data, 0, document, envelope.length - 1 + DATA_FIELD.length, data.length);
        document[document.length - 1] = '}';
        return document;
    }

    private static final byte[] DATA_FIELD = ",\"data\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * Reads a document written by {@link #write} (or any CloudEvents 1.0 JSON document with string attributes and a
     * {@code time}). JSON {@code data} comes back as the exact bytes that were embedded.
     *
     * @throws MalformedPayloadException if it is not such a document
     */
    public static CanonicalEvent read(byte[] document) throws MalformedPayloadException {
        return CloudEventReader.read(document);
    }

    private static void writeIfPresent(JsonGenerator generator, String name, String value) throws IOException {
        if (value != null) {
            generator.writeStringField(name, value);
        }
    }
}
