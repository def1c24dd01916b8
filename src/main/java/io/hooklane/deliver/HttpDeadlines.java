package io.hooklane.deliver;

import java.lang.reflect.Method;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.impl.ClientPhase;
import io.vertx.ext.web.client.impl.HttpContext;
import io.vertx.ext.web.client.impl.WebClientInternal;
import org.apache.camel.component.vertx.http.VertxHttpEndpoint;

/**
 * A hard deadline on each request of a destination's web client: the request's {@code timeout} (the attempt's
 * timeoutMillis) counted from the moment it is sent, whatever the receiver does meanwhile. Vert.x's own timeout is
 * an idle timeout, which a receiver trickling its answer a byte at a time never lets fire; at the deadline this
 * resets the request, which closes its connection. Installed once per web client, as a Vert.x web client
 * interceptor.
 */
final class HttpDeadlines {

    private static final String TIMER = "hooklane.deadlineTimer";
    private static final Set<WebClient> WATCHED = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));

    private HttpDeadlines() {
    }

    static void watch(VertxHttpEndpoint endpoint) throws ReflectiveOperationException {
        WebClient client = webClient(endpoint);
        if (client instanceof WebClientInternal internal && WATCHED.add(client)) {
            Vertx vertx = endpoint.getComponent().getVertx();
            internal.addInterceptor(context -> intercept(vertx, context));
        }
    }

    private static void intercept(Vertx vertx, HttpContext<?> context) {
        ClientPhase phase = context.phase();
        if (phase == ClientPhase.SEND_REQUEST && context.request().timeout() > 0) {
            HttpClientRequest request = context.clientRequest();
            long timer = vertx.setTimer(context.request().timeout(), id -> request.reset(0,
                    new BoundedResponseBody.AttemptTimeoutException()));
            context.set(TIMER, timer);
        } else if (phase == ClientPhase.DISPATCH_RESPONSE || phase == ClientPhase.FAILURE) {
            Long timer = context.get(TIMER);
            if (timer != null) {
                vertx.cancelTimer(timer);
            }
        }
        context.next();
    }

    /** camel-vertx-http keeps an endpoint's web client to itself (a protected getter). */
    private static WebClient webClient(VertxHttpEndpoint endpoint) throws ReflectiveOperationException {
        Method getter = VertxHttpEndpoint.class.getDeclaredMethod("getWebClient");
        getter.setAccessible(true);
        return (WebClient) getter.invoke(endpoint);
    }
}
