package io.hooklane.agent;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Where an event stands in a chain of agent decisions: the id of the chain's first event ({@code correlationid}) and
 * how many agent answers led to it ({@code hopcount}; a provider's webhook is hop 0). Read from the CloudEvent's
 * top-level extension attributes with a streaming parser that skips the payload.
 */
public record AgentChain(String correlationId, int hops) {

    public static final String CORRELATION_EXTENSION = "correlationid";
    public static final String CAUSATION_EXTENSION = "causationid";
    public static final String HOPS_EXTENSION = "hopcount";

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * @param cloudEvent the event's CloudEvents JSON
     * @param eventId    its id: the chain's correlation id when the event starts the chain
     */
    public static AgentChain of(byte[] cloudEvent, String eventId) {
        String correlation = null;
        int hops = 0;
        try (JsonParser parser = JSON.createParser(cloudEvent)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new AgentChain(eventId, 0);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value.isStructStart()) {
                    parser.skipChildren();
                } else if (CORRELATION_EXTENSION.equals(name) && value == JsonToken.VALUE_STRING) {
                    correlation = parser.getText();
                } else if (HOPS_EXTENSION.equals(name)) {
                    hops = hopsOf(parser, value);
                }
            }
        } catch (IOException e) {
            // not readable as JSON: the delivery itself reports that; the chain starts here
        }
        return new AgentChain(correlation == null || correlation.isBlank() ? eventId : correlation, hops);
    }

    /** The chain one agent answer further on. */
    public AgentChain next() {
        return new AgentChain(correlationId, hops + 1);
    }

    private static int hopsOf(JsonParser parser, JsonToken value) throws IOException {
        // CloudEvents extension values are strings or integers; anything else (or negative) counts as 0
        String text = value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_STRING ? parser.getText() : "";
        try {
            return Math.max(0, Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
