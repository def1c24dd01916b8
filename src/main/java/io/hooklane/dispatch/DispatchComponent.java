package io.hooklane.dispatch;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code hooklane-dispatch:<topic>}: a consumer endpoint that reads the inbound event topic and runs the routing rules
 * once per event, with the {@code hooklane-queue:} writes of a whole poll sent together and acknowledged before the
 * poll's offsets are committed ({@link DispatchLoop}).
 */
public final class DispatchComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        DispatchEndpoint endpoint = new DispatchEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
