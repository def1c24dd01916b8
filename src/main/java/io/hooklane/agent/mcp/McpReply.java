package io.hooklane.agent.mcp;

import java.net.http.HttpHeaders;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one POST to an MCP endpoint came to: the HTTP status and headers, the JSON-RPC response with the request's id
 * (from a JSON body or an SSE stream; null when there was none), and the start of any other body, for error texts.
 */
record McpReply(int status, HttpHeaders headers, JsonNode message, String text) {

    boolean ok() {
        return status >= 200 && status < 300;
    }

    String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /** The JSON-RPC error's code, or null when the message is not an error. */
    Integer errorCode() {
        JsonNode error = message == null ? null : message.get("error");
        return error != null && error.path("code").canConvertToInt() ? error.path("code").asInt() : null;
    }

    JsonNode result() {
        return message == null ? null : message.get("result");
    }
}
