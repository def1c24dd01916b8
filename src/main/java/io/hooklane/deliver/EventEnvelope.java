package io.hooklane.deliver;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The CloudEvent attributes routing and delivery need (id, source, type, subject), read with a streaming parser
 * that skips the payload instead of building it.
 */
public record EventEnvelope(String id, String source, String type, String subject) {

    private static final JsonFactory JSON = new JsonFactory();

    public static EventEnvelope read(byte[] cloudEvent) {
        String id = null;
        String source = null;
        String type = null;
        String subject = null;
        try (JsonParser parser = JSON.createParser(cloudEvent)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a CloudEvent must be a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value.isStructStart()) {
                    parser.skipChildren();
                    continue;
                }
                switch (name) {
                    case "id" -> id = parser.getValueAsString();
                    case "source" -> source = parser.getValueAsString();
                    case "type" -> type = parser.getValueAsString();
                    case "subject" -> subject = parser.getValueAsString();
                    default -> { }
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a CloudEvents JSON document");
        }
        if (id == null || source == null || type == null) {
            throw new IllegalArgumentException("a CloudEvent needs id, source and type");
        }
        return new EventEnvelope(id, source, type, subject);
    }
}
