package io.hooklane.agent.mcp;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hooklane.deliver.AttemptResult;
import io.hooklane.deliver.CallResults;
import io.hooklane.deliver.RetryAfter;

/**
 * What one MCP delivery attempt came to, in the delivery engine's terms: the attempt's result (its status classified
 * as an HTTP status is), and when the tool answered, the agent's outcome and reply.
 *
 * <ul>
 *   <li>no answer (connection refused or reset, timeout, an answer past the cap or without our response), 408, 429
 *       and 5xx: retried, with the server's {@code Retry-After};</li>
 *   <li>a JSON-RPC error: {@value #JSON_RPC_ERROR_STATUS}, permanent (dead letter), with the code and message;</li>
 *   <li>a tool result with {@code isError: true}: delivered (200), the agent's outcome {@code failed};</li>
 *   <li>a tool result: delivered (200), {@code completed}; the reply is {@code structuredContent} if present, else
 *       the text content as a JSON string. A 2026-07-28 {@code input_required} result is delivered as
 *       {@code input_required}: Hooklane has no user to ask.</li>
 * </ul>
 *
 * <p>{@code call} names how the call ended for {@code hooklane_destination_calls_total{protocol="mcp"}}:
 * {@code completed}, {@code tool_error} ({@code isError}), {@code input_required}, {@code rpc_error} (a JSON-RPC
 * error or an answer Hooklane cannot use), {@code http_4xx} / {@code http_5xx}, {@code timeout},
 * {@code transport_error}, or {@code error} (the attempt could not be made).
 */
public record McpOutcome(AttemptResult result, String agentOutcome, byte[] reply, String call) {

    /** The status a JSON-RPC error is reported with: the server understood the call and refused it. */
    public static final int JSON_RPC_ERROR_STATUS = 422;
    private static final int MAX_MESSAGE = 200;

    static final String COMPLETED = "completed";
    static final String TOOL_ERROR = "tool_error";
    static final String INPUT_REQUIRED = "input_required";
    static final String RPC_ERROR = "rpc_error";

    static McpOutcome failure(AttemptResult result, String call) {
        return new McpOutcome(result, null, null, call);
    }

    /** A call that got no usable answer: retried. */
    static McpOutcome noAnswer(Throwable error) {
        boolean timeout = error instanceof TimeoutException;
        String text = timeout ? "timeout: " + error.getMessage()
                : error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        return failure(new AttemptResult(null, text, null),
                timeout ? CallResults.TIMEOUT : CallResults.TRANSPORT_ERROR);
    }

    /** The final answer to {@code tools/call}, or any answer that ends a call before it (a failed initialize). */
    static McpOutcome of(McpReply reply, Clock clock) {
        int status = reply.status();
        if (status == 408 || status == 429 || status >= 500) {
            return failure(new AttemptResult(status, describe(reply), RetryAfter.parse(reply.header("Retry-After"),
                    clock)), CallResults.status(status));
        }
        if (reply.errorCode() != null) {
            boolean rpc = status == 200 || status == 400;
            return failure(new AttemptResult(rpc ? JSON_RPC_ERROR_STATUS : status, describe(reply), null),
                    rpc ? RPC_ERROR : CallResults.status(status));
        }
        JsonNode result = reply.result();
        if (!reply.ok() || result == null) {
            return failure(new AttemptResult(reply.ok() ? null : status, describe(reply), null),
                    reply.ok() ? CallResults.TRANSPORT_ERROR : CallResults.status(status));
        }
        String type = result.path("resultType").asText("complete");
        if (type.equals("input_required")) {
            return new McpOutcome(new AttemptResult(200, null, null), "input_required", McpJson.bytes(result),
                    INPUT_REQUIRED);
        }
        if (!type.equals("complete")) {
            return failure(new AttemptResult(JSON_RPC_ERROR_STATUS, "unknown resultType '" + cut(type) + "'", null),
                    RPC_ERROR);
        }
        boolean isError = result.path("isError").asBoolean(false);
        return new McpOutcome(new AttemptResult(200, null, null), isError ? "failed" : "completed", reply(result),
                isError ? TOOL_ERROR : COMPLETED);
    }

    /** {@code structuredContent} if present, else the text content (joined by line breaks) as a JSON string. */
    static byte[] reply(JsonNode result) {
        JsonNode structured = result.get("structuredContent");
        if (structured != null && !structured.isNull()) {
            return McpJson.bytes(structured);
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode content : result.path("content")) {
            if ("text".equals(content.path("type").asText()) && content.has("text")) {
                text.append(text.length() == 0 ? "" : "\n").append(content.get("text").asText());
            }
        }
        return text.length() == 0 ? null : McpJson.bytes(TextNode.valueOf(text.toString()));
    }

    private static String describe(McpReply reply) {
        JsonNode error = reply.message() == null ? null : reply.message().get("error");
        if (error != null) {
            return "JSON-RPC error " + error.path("code").asText() + ": " + cut(error.path("message").asText());
        }
        if (reply.ok()) {
            return reply.text() != null ? cut(reply.text()) : "no JSON-RPC response with the request's id";
        }
        return reply.text() == null ? null : cut(reply.text());
    }

    private static String cut(String text) {
        return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "..." : text;
    }

    /** The reply as text, for logs and tests. */
    public String replyText() {
        return reply == null ? null : new String(reply, StandardCharsets.UTF_8);
    }
}
