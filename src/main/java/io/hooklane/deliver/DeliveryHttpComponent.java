package io.hooklane.deliver;

import java.util.Map;

import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Producer;
import org.apache.camel.component.vertx.http.VertxHttpBinding;
import org.apache.camel.component.vertx.http.VertxHttpComponent;
import org.apache.camel.component.vertx.http.VertxHttpComponentConfigurer;
import org.apache.camel.component.vertx.http.VertxHttpConfiguration;
import org.apache.camel.component.vertx.http.VertxHttpEndpoint;
import org.apache.camel.component.vertx.http.VertxHttpEndpointConfigurer;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * camel-vertx-http as the destinations use it (bound as the {@code vertx-http} component): the same endpoints,
 * options and binding, but an answer is handled on the Vert.x event loop that received it. camel-vertx-http itself
 * hands every answer to a worker thread ({@code executeBlocking}) in case a binding or the rest of the route blocks;
 * {@link DeliveryHttpBinding} does not, nor does the rest of a destination's route, and at thousands of deliveries a
 * second that hand-off (two thread wake-ups per call) cost more CPU than the call itself.
 */
public final class DeliveryHttpComponent extends VertxHttpComponent {

    private static final PropertyConfigurer COMPONENT_OPTIONS = new VertxHttpComponentConfigurer();
    private static final PropertyConfigurer ENDPOINT_OPTIONS = new VertxHttpEndpointConfigurer();

    /**
     * camel-vertx-http's own option setters: Camel finds them by the component's class, which this one is not, and
     * would otherwise leave every endpoint option (httpMethod, throwExceptionOnFailure, timeout) on the URL instead.
     */
    @Override
    public PropertyConfigurer getComponentPropertyConfigurer() {
        return COMPONENT_OPTIONS;
    }

    @Override
    public PropertyConfigurer getEndpointPropertyConfigurer() {
        return ENDPOINT_OPTIONS;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        VertxHttpEndpoint configured = (VertxHttpEndpoint) super.createEndpoint(uri, remaining, parameters);
        return new OnEventLoop(uri, this, configured.getConfiguration());
    }

    /** An endpoint whose producer completes the exchange on the event loop. */
    static final class OnEventLoop extends VertxHttpEndpoint {

        OnEventLoop(String uri, VertxHttpComponent component, VertxHttpConfiguration configuration) {
            super(uri, component, configuration);
        }

        @Override
        public Producer createProducer() {
            return new EventLoopProducer(this);
        }
    }

    /**
     * Sends the request as camel-vertx-http does (the binding prepares it and reads the answer); the body is the
     * message's bytes as they were signed.
     */
    static final class EventLoopProducer extends DefaultAsyncProducer {

        private final VertxHttpEndpoint endpoint;
        private final VertxHttpBinding binding;

        EventLoopProducer(VertxHttpEndpoint endpoint) {
            super(endpoint);
            this.endpoint = endpoint;
            this.binding = endpoint.getConfiguration().getVertxHttpBinding();
        }

        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            try {
                HttpRequest<Buffer> request = binding.prepareHttpRequest(endpoint, exchange);
                Handler<AsyncResult<HttpResponse<Buffer>>> answered = response -> {
                    try {
                        binding.handleResponse(endpoint, exchange, response);
                    } catch (Exception e) {
                        exchange.setException(e);
                    } finally {
                        callback.done(false);
                    }
                };
                Message message = exchange.getMessage();
                Object body = message.getBody();
                if (body == null) {
                    request.send(answered);
                } else if (body instanceof Buffer buffer) {
                    request.sendBuffer(buffer, answered);
                } else if (body instanceof byte[] bytes) {
                    request.sendBuffer(Buffer.buffer(bytes), answered);
                } else {
                    request.sendBuffer(Buffer.buffer(message.getMandatoryBody(byte[].class)), answered);
                }
            } catch (Exception e) {
                exchange.setException(e);
                callback.done(true);
                return true;
            }
            return false;
        }
    }
}
