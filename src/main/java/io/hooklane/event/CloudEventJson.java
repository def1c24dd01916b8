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

    private CloudEventJson() {
    }

    /** The event as a UTF-8 CloudEvent document. */
    public static byte[] write(CanonicalEvent event) {
        byte[] data = event.rawData();
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
            if (data.length > 0) {
                String json = JsonData.embeddableText(event.dataContentType(), data);
                if (json != null) {
                    generator.writeFieldName("data");
                    generator.writeRawValue(json);
                } else {
                    generator.writeStringField("data_base64", Base64.getEncoder().encodeToString(data));
                }
            }
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen when writing to memory
        }
        return out.toByteArray();
    }

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
