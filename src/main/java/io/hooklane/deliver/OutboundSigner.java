package io.hooklane.deliver;

import java.time.Clock;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The last step before a destination's HTTP call: sets the delivery contract's headers (CloudEvents JSON content
 * type, Standard Webhooks {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}, optional bearer
 * token) over the body exactly as it will be sent. Nothing else is sent as a header.
 */
public final class OutboundSigner implements Processor {

    public static final String DESTINATION = "hooklane.destination";
    public static final String WEBHOOK_ID = "hooklane.webhookId";

    private final DestinationCredentials credentials;
    private final Clock clock;

    public OutboundSigner(DestinationCredentials credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        String destination = exchange.getProperty(DESTINATION, String.class);
        String id = exchange.getProperty(WEBHOOK_ID, String.class);
        byte[] body = exchange.getMessage().getBody(byte[].class);
        long timestamp = clock.instant().getEpochSecond();

        var message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.CONTENT_TYPE, "application/cloudevents+json");
        message.setHeader("webhook-id", id);
        message.setHeader("webhook-timestamp", String.valueOf(timestamp));
        message.setHeader("webhook-signature", credentials.signature(destination).sign(id, timestamp, body));
        String token = credentials.authToken(destination);
        if (!token.isEmpty()) {
            message.setHeader("Authorization", "Bearer " + token);
        }
        message.setBody(body);
    }
}
