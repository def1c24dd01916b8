package io.hooklane.agent.mcp;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Jackson for what MCP servers answer: read limits, so a hostile answer is refused instead of exhausting the stack. */
final class McpJson {

    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(64).maxNumberLength(100).maxStringLength(16 * 1024 * 1024).build())
                    .build())
            .build();

    private McpJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static JsonNode readOrNull(byte[] bytes) {
        return bytes == null ? null : readOrNull(bytes, 0, bytes.length);
    }

    /** The JSON value, or null when the bytes are not JSON. */
    static JsonNode readOrNull(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return null;
        }
        try {
            return MAPPER.readTree(bytes, offset, length);
        } catch (IOException e) {
            return null;
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Whether a JSON-RPC message is the response (result or error) to the request with this id. */
    static boolean isResponseTo(JsonNode message, String id) {
        return message != null && message.isObject() && (message.has("result") || message.has("error"))
                && message.hasNonNull("id") && message.get("id").isValueNode() && message.get("id").asText().equals(id);
    }
}
