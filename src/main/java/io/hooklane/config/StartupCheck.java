package io.hooklane.config;

import java.util.Map;

import io.hooklane.deliver.DestinationCheck;
import io.hooklane.deliver.DestinationCredentials;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;

/**
 * Refuses start-up, in one message, while any source or destination lacks what the profile requires. Sources report
 * to {@link StartupProblems} as their routes are built; destinations are checked here, from the parameters of the
 * {@code destination} template's instances. Runs before any route starts; a startup listener, so what it throws
 * stops start-up (Camel logs and ignores what an event notifier throws).
 */
final class StartupCheck implements StartupListener {

    private static final String DELIVERY = "hooklane-delivery:";

    private final StartupProblems problems;
    private final DestinationCredentials credentials;

    StartupCheck(StartupProblems problems, DestinationCredentials credentials) {
        this.problems = problems;
        this.credentials = credentials;
    }

    @Override
    public void onCamelContextStarting(CamelContext context, boolean alreadyStarted) {
        if (alreadyStarted) {
            return;
        }
        // an instance that does not deliver (hooklane.delivery.enabled=false) needs no destination URL or secret
        if (Boolean.parseBoolean(context.resolvePropertyPlaceholders("{{hooklane.delivery.enabled}}").trim())) {
            DestinationCheck destinations = new DestinationCheck(credentials,
                    Boolean.parseBoolean(context.resolvePropertyPlaceholders("{{hooklane.demo-receivers.enabled}}").trim()),
                    context.resolvePropertyPlaceholders("{{hooklane.demo-base-url}}") + "/demo/");
            for (RouteDefinition route : ((ModelCamelContext) context).getRouteDefinitions()) {
                Map<String, Object> parameters = route.getTemplateParameters();
                if (parameters != null && route.getInput() != null && route.getInput().getUri() != null
                        && route.getInput().getUri().startsWith(DELIVERY) && parameters.get("name") != null) {
                    String name = context.resolvePropertyPlaceholders(String.valueOf(parameters.get("name")));
                    String rawUrl = parameters.get("url") == null ? null : String.valueOf(parameters.get("url"));
                    destinations.check(name, rawUrl, resolved(context, rawUrl), problems);
                }
            }
        }
        problems.check(context.getCamelContextExtension().getProfile());
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
    }

    private static String resolved(CamelContext context, String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return context.resolvePropertyPlaceholders(raw);
        } catch (RuntimeException e) {
            // {{CRM_URL}} without a default and CRM_URL unset
            return null;
        }
    }
}
