package io.hooklane.a2a;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON-RPC 2.0 as the A2A JSON-RPC binding uses it (1.0 §9): one request object per HTTP POST, one response object
 * back with either {@code result} or {@code error: {code, message}}. Reads are bounded (nesting, string and number
 * lengths) on top of the answer's size limit.
 */
final class JsonRpc {

    /** JSON-RPC's internal error: the agent failed on its side, a retry may succeed (like a 5xx). */
    static final int INTERNAL_ERROR = -32603;
    /** A2A TaskNotFoundError (1.0 §5.4 error code mappings; the same code in 0.3). */
    static final int TASK_NOT_FOUND = -32001;
    /** A2A PushNotificationNotSupportedError. */
    static final int PUSH_NOT_SUPPORTED = -32003;

    static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64).maxStringLength(4 * 1024 * 1024).maxNumberLength(100).build())
            .build()).build();

    private JsonRpc() {
    }

    /** An answer: its {@code result}, or its error's code and message. */
    record Reply(JsonNode result, Integer errorCode, String errorMessage) {
        boolean isError() {
            return errorCode != null;
        }
    }

    static byte[] request(String id, String method, JsonNode params) {
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        request.set("params", params);
        try {
            return JSON.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a response body; a body that is not a JSON-RPC response fails with {@link MalformedAnswerException}. */
    static Reply read(byte[] body) {
        JsonNode response = parse(body);
        if (!response.isObject()) {
            throw new MalformedAnswerException("the answer is not a JSON-RPC response object");
        }
        JsonNode error = response.get("error");
        if (error != null && !error.isNull()) {
            if (!error.path("code").isIntegralNumber()) {
                throw new MalformedAnswerException("the JSON-RPC error has no integer code");
            }
            return new Reply(null, error.path("code").asInt(), ReceiverTexts.clip(error.path("message").asText("")));
        }
        JsonNode result = response.get("result");
        if (result == null || !result.isObject()) {
            throw new MalformedAnswerException("the JSON-RPC response has neither a result object nor an error");
        }
        return new Reply(result, null, null);
    }

    static JsonNode parse(byte[] body) {
        try {
            JsonNode node = body == null || body.length == 0 ? null : JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new MalformedAnswerException("the answer is empty");
            }
            return node;
        } catch (IOException e) {
            throw new MalformedAnswerException("the answer is not JSON within Hooklane's read limits");
        }
    }

    /** An answer that is not what the protocol says: the agent's fault, possibly passing. */
    static final class MalformedAnswerException extends RuntimeException {
        MalformedAnswerException(String message) {
            super(message, null, false, false);
        }
    }
}
