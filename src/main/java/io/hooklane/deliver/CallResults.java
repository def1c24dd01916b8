package io.hooklane.deliver;

import java.util.List;

/**
 * How one call to a destination ended, as the {@code result} label of {@code hooklane_destination_calls_total}: a
 * small, fixed set of values per protocol. A step that is not an HTTP call (MCP, A2A) names its own in
 * {@link AttemptExchange#CALL_RESULT}; a plain HTTP call's is read from its {@link AttemptResult}.
 */
public final class CallResults {

    public static final String HTTP = "http";
    public static final String MCP = "mcp";
    public static final String A2A = "a2a";
    /** The destination protocols, as the destination template's {@code protocol} parameter names them. */
    public static final List<String> PROTOCOLS = List.of(HTTP, MCP, A2A);

    /** No complete answer within the attempt's deadline. */
    public static final String TIMEOUT = "timeout";
    /** No answer: connection refused or reset, an unreadable or oversized answer. */
    public static final String TRANSPORT_ERROR = "transport_error";
    /** The attempt failed in the gateway before or around the call (a route error). */
    public static final String ERROR = "error";
    /** An A2A task that did not settle within the attempt's deadline. */
    public static final String TIMED_OUT = "timed_out";

    /** The results a plain HTTP call is counted under (served at 0 from a destination's start). */
    public static final List<String> HTTP_RESULTS = List.of("http_2xx", "http_3xx", "http_4xx", "http_5xx",
            TIMEOUT, TRANSPORT_ERROR);
    /** An MCP tool call's results. */
    public static final List<String> MCP_RESULTS = List.of("completed", "tool_error", "input_required", "rpc_error",
            "http_4xx", "http_5xx", TIMEOUT, TRANSPORT_ERROR);
    /** An A2A delivery's results: the task's final (or interrupted) state, or why there is none. */
    public static final List<String> A2A_RESULTS = List.of("completed", "failed", "canceled", "rejected",
            "input_required", "auth_required", TIMED_OUT, "rpc_error", "http_4xx", "http_5xx", TRANSPORT_ERROR);

    private static final String[] STATUS_CLASSES = {"http_1xx", "http_2xx", "http_3xx", "http_4xx", "http_5xx"};

    private CallResults() {
    }

    /** The results {@code protocol}'s calls are counted under, served at 0 from a destination's start. */
    public static List<String> of(String protocol) {
        return switch (protocol) {
            case MCP -> MCP_RESULTS;
            case A2A -> A2A_RESULTS;
            default -> HTTP_RESULTS;
        };
    }

    /** A call that got an HTTP status, or none (a timeout when its text says so, else a transport error). */
    public static String of(AttemptResult result) {
        Integer status = result.status();
        if (status == null) {
            String error = result.error();
            return error != null && error.startsWith("timeout") ? TIMEOUT : TRANSPORT_ERROR;
        }
        return status(status);
    }

    /** {@code http_2xx} and so on; {@code http_other} for a status outside 100 to 599. */
    public static String status(int status) {
        return status >= 100 && status < 600 ? STATUS_CLASSES[status / 100 - 1] : "http_other";
    }

    /** The result counted when the attempt's deadline passes before the call ends. */
    static String deadline(String protocol) {
        return A2A.equals(protocol) ? TIMED_OUT : TIMEOUT;
    }
}
