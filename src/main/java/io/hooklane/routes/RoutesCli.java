package io.hooklane.routes;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hooklane.event.CanonicalEvent;
import io.hooklane.event.CloudEventJson;
import io.hooklane.event.MalformedPayloadException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/** {@code bin/routes}: checks route files offline, and explains where a provider payload would go. */
public final class RoutesCli {

    public static final String USAGE = """
            Usage:
              bin/routes validate [DIR|FILE]
                  checks the route files (*.camel.yaml) of DIR (default: routes; a FILE is checked on its own, so
                  what it refers to must be in it): YAML and Camel DSL errors, rules
                  naming an undefined destination, sources with an unknown scheme or no secretKey, duplicate ids,
                  unknown components, filters whose Simple expression does not parse. Prints file:line: message per
                  problem and exits 1, or a summary and exits 0.
              bin/routes explain <source> <payload-file> [--header Name:value ...] [--routes DIR]
                  prints the CloudEvent the payload becomes at that source (its scheme's normalizer; the signature is
                  not checked) and the destinations the routing rules send it to.
            Placeholders resolve from application.properties, -D properties and the environment, as in the gateway.
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private RoutesCli() {
    }

    public static void main(String[] args) {
        Configurator.setRootLevel(Level.WARN);
        Configurator.setLevel("io.hooklane", Level.WARN);
        System.exit(run(args, System.out, System.err));
    }

    /** @return the exit code: 0 fine, 1 problems found (or no route reached), 2 usage or input error */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            (args.length == 0 ? err : out).print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            switch (args[0]) {
                case "validate":
                    if (args.length > 2) {
                        throw new IllegalArgumentException("validate takes at most one directory or file");
                    }
                    return validate(Path.of(args.length == 2 ? args[1] : "routes"), out);
                case "explain":
                    return explain(args, out);
                default:
                    throw new IllegalArgumentException("unknown command '" + args[0] + "'");
            }
        } catch (IllegalArgumentException e) {
            err.println("bin/routes: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (Exception e) {
            err.println("bin/routes: " + e);
            return 2;
        }
    }

    static int validate(Path dir, PrintStream out) throws Exception {
        List<Path> paths = RouteFiles.in(dir);
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no *.camel.yaml files in " + dir);
        }
        List<RouteFile> files = paths.stream().map(RouteFile::read).toList();
        List<RouteProblem> problems;
        try (DefaultCamelContext context = offlineContext()) {
            problems = new RoutesValidator(context).validate(files);
        }
        problems.forEach(out::println);
        if (!problems.isEmpty()) {
            out.println(problems.size() + " problem(s) in " + files.size() + " route file(s)");
            return 1;
        }
        int sources = 0;
        for (RouteFile file : files) {
            sources += (int) file.items().stream().filter(t -> RoutesValidator.SOURCE_TEMPLATE.equals(
                    RouteFile.text(RouteFile.get(t.getValueNode(), "routeTemplateRef")))).count();
        }
        out.println("OK: " + files.size() + " route file(s), " + sources + " source(s), "
                + RoutesValidator.destinations(files).size() + " destination(s), "
                + RoutingExplainer.routingFiles(files).size() + " routing file(s)");
        return 0;
    }

    static int explain(String[] args, PrintStream out) throws Exception {
        List<String> positional = new ArrayList<>();
        Map<String, String> headers = new LinkedHashMap<>();
        Path dir = Path.of("routes");
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--header") && i + 1 < args.length) {
                String header = args[++i];
                int colon = header.indexOf(':');
                if (colon < 1) {
                    throw new IllegalArgumentException("--header takes Name:value but was '" + header + "'");
                }
                headers.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
            } else if (args[i].equals("--routes") && i + 1 < args.length) {
                dir = Path.of(args[++i]);
            } else if (args[i].startsWith("--")) {
                throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            } else {
                positional.add(args[i]);
            }
        }
        if (positional.size() != 2) {
            throw new IllegalArgumentException("explain takes <source> <payload-file>");
        }
        String source = positional.get(0);
        Path payloadFile = Path.of(positional.get(1));
        if (!Files.isRegularFile(payloadFile)) {
            throw new IllegalArgumentException("no payload file " + payloadFile);
        }
        List<RouteFile> files = RouteFiles.in(dir).stream().map(RouteFile::read).toList();
        Map<String, Node> parameters = sourceParameters(files, source);
        if (parameters == null) {
            throw new IllegalArgumentException("no source '" + source + "' in " + dir
                    + " (a templatedRoute of webhook-source with that source parameter)");
        }
        CanonicalEvent event;
        try {
            event = ExplainedWebhook.normalize(RouteFile.text(parameters.get("scheme")), source,
                    Files.readAllBytes(payloadFile), headers, RouteFile.text(parameters.get("typeHeader")));
        } catch (MalformedPayloadException e) {
            out.println("malformed_payload: " + e.getMessage());
            out.println("The gateway would answer 400 malformed_payload: nothing is routed.");
            return 1;
        }
        byte[] cloudEvent = CloudEventJson.write(event);
        out.println("CloudEvent:");
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(cloudEvent)));
        RoutingExplainer.Outcome outcome;
        try (DefaultCamelContext context = offlineContext()) {
            outcome = RoutingExplainer.explain(context, RoutingExplainer.routingFiles(files), cloudEvent);
        }
        if (outcome.ruleFailure() != null) {
            out.println("A routing rule failed on it: " + outcome.ruleFailure());
            out.println("The event would go to the routing dead-letter topic (reason rule_failed).");
            return 1;
        }
        if (outcome.destinations().isEmpty()) {
            out.println("Destinations: none (no rule matches: the event is counted as unrouted)");
            return 1;
        }
        out.println("Destinations: " + String.join(", ", outcome.destinations()));
        return 0;
    }

    /** The parameters of the webhook-source instance serving {@code source}, or null. */
    static Map<String, Node> sourceParameters(List<RouteFile> files, String source) {
        for (RouteFile file : files) {
            for (NodeTuple item : file.items()) {
                if (RoutesValidator.SOURCE_TEMPLATE.equals(RouteFile.text(RouteFile.get(item.getValueNode(),
                        "routeTemplateRef")))) {
                    Map<String, Node> parameters = RoutesValidator.parameters(item.getValueNode());
                    if (source.equals(RouteFile.text(parameters.get("source")))) {
                        return parameters;
                    }
                }
            }
        }
        return null;
    }

    /** A context that is never connected to anything, with the gateway's application.properties. */
    static DefaultCamelContext offlineContext() {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("classpath:application.properties");
        context.getPropertiesComponent().setIgnoreMissingLocation(true);
        return context;
    }
}
