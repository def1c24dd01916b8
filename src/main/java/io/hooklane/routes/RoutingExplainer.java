package io.hooklane.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.hooklane.dispatch.EventAttributes;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * Runs the routing rules on one CloudEvent without Kafka: the routing files are loaded into a throwaway context, the
 * routing route's {@code from} ({@code hooklane-dispatch:}) is rewritten to {@code direct:explain} before the
 * context starts, and {@code hooklane-queue:} is a recording component that notes each destination written to. The
 * rules run exactly as written (same filters, same Simple and JSONPath).
 */
public final class RoutingExplainer {

    /** The destinations an event reaches, or the error a rule threw on it (the event would be dead-lettered). */
    public record Outcome(List<String> destinations, String ruleFailure) {
    }

    private static final String DESTINATIONS = "hooklane.explain.destinations";
    private static final String DISPATCH = "hooklane-dispatch:";

    private RoutingExplainer() {
    }

    /** The files among {@code files} that hold a routing route (one whose {@code from} is {@code hooklane-dispatch:}). */
    public static List<RouteFile> routingFiles(List<RouteFile> files) {
        return files.stream().filter(f -> f.items().stream().anyMatch(t -> "route".equals(RouteFile.key(t))
                && fromUri(t.getValueNode()) != null && fromUri(t.getValueNode()).startsWith(DISPATCH))).toList();
    }

    /** @param context a fresh context, not started; it is started and stopped here */
    public static Outcome explain(CamelContext context, List<RouteFile> routing, byte[] cloudEvent) throws Exception {
        context.getRegistry().bind("eventAttributes", new EventAttributes());
        context.getRegistry().bind("unroutedEvents", (Processor) exchange -> { });
        context.addComponent("hooklane-queue", new RecordingQueue());
        for (RouteFile file : routing) {
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    ResourceHelper.fromString("file:" + file.name(), file.text()));
        }
        List<String> inputs = new ArrayList<>();
        for (RouteDefinition route : ((ModelCamelContext) context).getRouteDefinitions()) {
            if (route.getInput().getUri().startsWith(DISPATCH)) {
                String input = "direct:explain-" + inputs.size();
                route.getInput().setUri(input);
                route.setAutoStartup("true");
                inputs.add(input);
            } else {
                route.setAutoStartup("false");
            }
        }
        context.start();
        try (ProducerTemplate template = context.createProducerTemplate()) {
            List<String> destinations = new ArrayList<>();
            for (String input : inputs) {
                Exchange exchange = template.send(input, e -> {
                    e.getMessage().setBody(cloudEvent);
                    e.setProperty(DESTINATIONS, destinations);
                });
                if (exchange.getException() != null) {
                    return new Outcome(destinations, RoutesValidator.firstLine(exchange.getException().toString()));
                }
            }
            return new Outcome(destinations, null);
        } finally {
            context.stop();
        }
    }

    private static String fromUri(org.snakeyaml.engine.v2.nodes.Node route) {
        org.snakeyaml.engine.v2.nodes.Node from = RouteFile.get(route, "from");
        return RouteFile.text(from instanceof org.snakeyaml.engine.v2.nodes.MappingNode ? RouteFile.get(from, "uri") : from);
    }

    /** {@code hooklane-queue:<destination>} that only notes the destination on the exchange. */
    private static final class RecordingQueue extends DefaultComponent {

        @Override
        protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
            parameters.clear();
            return new DefaultEndpoint(uri, this) {
                @Override
                public Producer createProducer() {
                    return new DefaultProducer(this) {
                        @Override
                        @SuppressWarnings("unchecked")
                        public void process(Exchange exchange) {
                            exchange.getProperty(DESTINATIONS, List.class).add(remaining);
                        }
                    };
                }

                @Override
                public Consumer createConsumer(Processor processor) {
                    throw new UnsupportedOperationException("hooklane-queue only writes");
                }
            };
        }
    }
}
