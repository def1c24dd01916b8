package io.hooklane.deliver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.hooklane.event.EventEnvelope;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in receiver for the dev profile: checks the Standard Webhooks signature of a delivery with the
 * destination's secret, logs the event and answers 200 (401 when the signature does not match). The support agent
 * answers a failed payment with a small JSON decision.
 */
public final class DemoReceiver implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(DemoReceiver.class);

    private final DestinationCredentials credentials;

    public DemoReceiver(DestinationCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public void process(Exchange exchange) {
        var in = exchange.getMessage();
        String destination = in.getHeader("destination", String.class);
        String id = in.getHeader("webhook-id", String.class);
        String timestamp = in.getHeader("webhook-timestamp", String.class);
        String signature = in.getHeader("webhook-signature", String.class);
        byte[] body = in.getBody(byte[].class);
        boolean valid = false;
        if (id != null && timestamp != null && signature != null && body != null && timestamp.matches("\\d{1,12}")) {
            String expected = credentials.signature(destination).sign(id, Long.parseLong(timestamp), body);
            for (String candidate : signature.split(" ")) {
                valid |= MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                        candidate.getBytes(StandardCharsets.UTF_8));
            }
        }
        in.getHeaders().clear();
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (!valid) {
            LOG.warn("Demo receiver '{}' refused a delivery with a bad signature", destination);
            in.setHeader(Exchange.HTTP_RESPONSE_CODE, 401);
            in.setBody("{\"error\":\"invalid_signature\"}");
            return;
        }
        EventEnvelope event = EventEnvelope.read(body);
        LOG.info("Demo receiver '{}' got {} {} from {} (webhook-id {}, signature valid)", destination, event.type(),
                event.id(), event.source(), id);
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        in.setBody(answer(destination, event));
    }

    /**
     * The demo support agent decides something about a failed payment (a destination with {@code replies: true}
     * turns that answer into an {@code agent.response.completed} event); every other receiver only acknowledges.
     */
    static String answer(String destination, EventEnvelope event) {
        if ("support-agent".equals(destination) && "payment.failed".equals(event.type())) {
            String subject = event.subject() == null ? "" : event.subject().replaceAll("[^A-Za-z0-9_.:-]", "");
            return "{\"decision\":\"offer_alternative_payment_method\",\"subject\":\"" + subject + "\","
                    + "\"message\":\"The card was declined: offer the customer another way to pay.\"}";
        }
        return "{\"received\":true}";
    }
}
