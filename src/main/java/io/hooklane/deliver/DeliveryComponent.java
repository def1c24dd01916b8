package io.hooklane.deliver;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code hooklane-delivery:<destination>}: a consumer endpoint that reads a destination's Kafka queue and runs the
 * route once per delivery attempt, with retries, backoff, circuit breaker and dead-letter topic around it.
 */
public final class DeliveryComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        DeliveryEndpoint endpoint = new DeliveryEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
