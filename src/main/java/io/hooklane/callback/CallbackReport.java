package io.hooklane.callback;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.hooklane.deliver.AttemptResult;
import io.hooklane.deliver.CallbackWaiter;

/**
 * What a destination's callback says about an event:
 * {@code {"status": "completed" | "failed" | "rejected", "reason": "...", "retryAfterSeconds": 60, "output": ...}}.
 * Completed is a delivery (200), failed a retryable failure (503, with the Retry-After asked for), rejected a
 * permanent one (422: dead-lettered at once).
 *
 * @param output the {@code output} JSON as sent, or null when the callback has none (or {@code "output": null})
 */
public record CallbackReport(Status status, String reason, Integer retryAfterSeconds, byte[] output) {

    public enum Status { COMPLETED, FAILED, REJECTED }

    static final int MAX_RETRY_AFTER_SECONDS = 86_400;
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build()).build();

    /** @throws CallbackRefusedException MALFORMED_PAYLOAD naming what is wrong (never echoing the body) */
    public static CallbackReport parse(byte[] body) throws CallbackRefusedException {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            throw malformed("the body is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw malformed("the body must be a JSON object");
        }
        Status status = switch (node.path("status").asText("")) {
            case "completed" -> Status.COMPLETED;
            case "failed" -> Status.FAILED;
            case "rejected" -> Status.REJECTED;
            default -> throw malformed("status must be \"completed\", \"failed\" or \"rejected\"");
        };
        JsonNode reason = node.path("reason");
        if (!reason.isMissingNode() && !reason.isNull() && !reason.isTextual()) {
            throw malformed("reason must be a string");
        }
        JsonNode retryAfter = node.path("retryAfterSeconds");
        if (!retryAfter.isMissingNode() && !retryAfter.isNull() && (!retryAfter.canConvertToInt()
                || !retryAfter.isIntegralNumber() || retryAfter.intValue() < 0
                || retryAfter.intValue() > MAX_RETRY_AFTER_SECONDS)) {
            throw malformed("retryAfterSeconds must be a whole number of seconds from 0 to " + MAX_RETRY_AFTER_SECONDS);
        }
        JsonNode output = node.path("output");
        try {
            return new CallbackReport(status, reason.isTextual() ? reason.textValue() : null,
                    retryAfter.isIntegralNumber() ? retryAfter.intValue() : null,
                    output.isMissingNode() || output.isNull() ? null : JSON.writeValueAsBytes(output));
        } catch (IOException e) {
            throw malformed("output cannot be kept");
        }
    }

    /** The attempt's result as the delivery engine classifies it. */
    public AttemptResult toResult() {
        String text = reason == null ? null : "callback: " + reason;
        return switch (status) {
            case COMPLETED -> new AttemptResult(200, text, null);
            case FAILED -> new AttemptResult(503, text == null ? "callback: failed" : text,
                    retryAfterSeconds == null ? null : Duration.ofSeconds(retryAfterSeconds));
            case REJECTED -> new AttemptResult(422, text == null ? "callback: rejected" : text, null);
        };
    }

    /** The report as the waiting delivery receives it: its result, and what the callback said. */
    public CallbackWaiter.Reported toReported() {
        return new CallbackWaiter.Reported(toResult(), status.name().toLowerCase(Locale.ROOT), reason, output);
    }

    private static CallbackRefusedException malformed(String message) {
        return new CallbackRefusedException(CallbackRefusal.MALFORMED_PAYLOAD, message);
    }
}
