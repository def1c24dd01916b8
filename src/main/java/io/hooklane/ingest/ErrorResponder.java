package io.hooklane.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hooklane.metrics.HooklaneMetrics;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns whatever stopped an ingest exchange into the JSON error the sender sees:
 * {@code {"error": "<reason_code>", "message": "..."}} with the reason's status, plus {@code "reason"} when the
 * refusal carries a refinement ({@code "malformed_payload"} with {@code "type_mismatch"}). Kafka failures become 503
 * with {@code Retry-After}, so the sender retries, except a record Kafka refuses as too large: 413, which no retry
 * fixes. Anything unexpected is a 500 whose details stay in the server log.
 */
public final class ErrorResponder implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int retryAfterSeconds;
    private final HooklaneMetrics metrics;

    public ErrorResponder(int retryAfterSeconds, HooklaneMetrics metrics) {
        this.retryAfterSeconds = retryAfterSeconds;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        // the start-up warm-up's webhooks are counted in no metric
        HttpReply reply = reply(cause, exchange.getProperty(WebhookSourceProcessor.SOURCE, "unknown", String.class),
                exchange.getProperty(WarmupPass.TOPIC_PROPERTY) == null);
        var out = exchange.getMessage();
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, reply.status());
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        reply.headers().forEach(out::setHeader);
        out.setBody(reply.body());
    }

    /** The answer to a request that {@code cause} stopped, counted as a rejection of {@code source}. */
    public HttpReply reply(Throwable cause, String source) {
        return reply(cause, source, true);
    }

    private HttpReply reply(Throwable cause, String source, boolean counted) {
        RejectReason reason;
        String message;
        String detail = null;
        int retryAfter = retryAfterSeconds;
        if (cause instanceof WebhookRejectedException rejected) {
            reason = rejected.reason();
            detail = rejected.detail();
            message = rejected.getMessage();
            if (rejected.retryAfterSeconds() > 0) {
                retryAfter = (int) Math.min(Integer.MAX_VALUE, rejected.retryAfterSeconds());
            }
            LOG.debug("Rejected webhook: {} ({})", reason.code(), message);
        } else if (isTooLargeForKafka(cause)) {
            // the sender's retry would fail the same way: not a 503
            reason = RejectReason.PAYLOAD_TOO_LARGE;
            message = "the event is larger than the event queue accepts; it was not accepted";
            LOG.warn("Kafka refused an event as too large (check the topic's max.message.bytes against "
                    + "hooklane.ingest.max-body-size): {}", String.valueOf(cause));
        } else if (isKafkaFailure(cause)) {
            reason = RejectReason.QUEUE_UNAVAILABLE;
            message = "the event queue did not acknowledge the event in time; retry later";
            LOG.warn("Kafka did not acknowledge an event: {}", String.valueOf(cause));
        } else {
            reason = RejectReason.INTERNAL_ERROR;
            message = "internal error; the event was not accepted, retry later";
            LOG.error("Unexpected ingest failure", cause);
        }
        if (counted) {
            metrics.rejected(source, reason.code());
        }
        return reply(reason, detail, message, retryAfter);
    }

    /** The configured Retry-After (hooklane.ingest.retry-after-seconds) for answers that ask the sender to retry. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static HttpReply reply(RejectReason reason, String message, int retryAfterSeconds) {
        return reply(reason, null, message, retryAfterSeconds);
    }

    /** As above, with {@code "reason": detail} beside the error code when {@code detail} is not null. */
    public static HttpReply reply(RejectReason reason, String detail, String message, int retryAfterSeconds) {
        ObjectNode body = JSON.createObjectNode().put("error", reason.code());
        if (detail != null) {
            body.put("reason", detail);
        }
        body.put("message", message);
        Map<String, String> headers = new LinkedHashMap<>();
        if (reason == RejectReason.QUEUE_UNAVAILABLE || reason == RejectReason.RATE_LIMITED
                || reason == RejectReason.NOT_READY || reason == RejectReason.BUSY) {
            headers.put("Retry-After", String.valueOf(retryAfterSeconds));
        }
        if (reason == RejectReason.METHOD_NOT_ALLOWED) {
            headers.put("Allow", "POST");
        }
        return new HttpReply(reason.status(), headers, body.toString());
    }

    private static boolean isTooLargeForKafka(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.RecordTooLargeException
                    || t instanceof org.apache.kafka.common.errors.RecordBatchTooLargeException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isKafkaFailure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.KafkaException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
