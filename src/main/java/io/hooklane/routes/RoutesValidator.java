package io.hooklane.routes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.hooklane.event.EventNormalizers;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Language;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Checks a set of route files offline, before a gateway loads them: YAML syntax and Camel YAML DSL errors (by loading
 * the files with Camel's own loader into a context that is never started), routing rules that name an undefined
 * destination, sources with an unknown scheme or without a secret variable, duplicate ids, unknown components and
 * filters whose Simple expression does not parse. Every problem carries its file and line.
 */
public final class RoutesValidator {

    /** The templates whose instances are sources and destinations. */
    public static final String SOURCE_TEMPLATE = "webhook-source";
    public static final String DESTINATION_TEMPLATE = "destination";
    private static final String QUEUE = "hooklane-queue:";
    private static final Set<String> HOOKLANE_COMPONENTS =
            Set.of("hooklane-ingest", "hooklane-dispatch", "hooklane-queue", "hooklane-delivery");
    private static final String VARIABLE = "[A-Za-z_][A-Za-z0-9_.]*";

    private final CamelContext context;
    private final Placeholders placeholders;

    /** @param context a context that is never started: the files are loaded into it; it resolves placeholders */
    public RoutesValidator(CamelContext context) {
        this.context = context;
        this.placeholders = Placeholders.of(context);
    }

    public List<RouteProblem> validate(List<RouteFile> files) {
        List<RouteProblem> problems = new ArrayList<>();
        List<RouteFile> parsed = new ArrayList<>();
        for (RouteFile file : files) {
            if (file.syntaxProblem() != null) {
                problems.add(file.syntaxProblem());
            } else if (file.root() != null && !(file.root() instanceof SequenceNode)) {
                problems.add(new RouteProblem(file.name(), RouteFile.line(file.root()),
                        "a route file is a YAML list of route, routeTemplate, templatedRoute, ... items"));
            } else {
                parsed.add(file);
            }
        }
        Map<String, Node> destinations = destinations(parsed);
        Set<String> templates = new java.util.HashSet<>();
        parsed.forEach(f -> f.items().stream().filter(t -> "routeTemplate".equals(RouteFile.key(t)))
                .map(t -> RouteFile.text(RouteFile.get(t.getValueNode(), "id"))).forEach(templates::add));
        Map<String, Map<String, String>> seen = new HashMap<>();
        for (RouteFile file : parsed) {
            List<RouteProblem> own = new ArrayList<>();
            for (NodeTuple item : file.items()) {
                checkItem(file, item, destinations.keySet(), templates, seen, own);
            }
            problems.addAll(own);
        }
        problems.addAll(new CamelDslCheck(context).check(parsed, problems));
        problems.sort(java.util.Comparator.comparing(RouteProblem::file).thenComparingInt(RouteProblem::line));
        return problems;
    }

    /** The destination templatedRoutes' names, each with its node. */
    static Map<String, Node> destinations(List<RouteFile> files) {
        Map<String, Node> names = new LinkedHashMap<>();
        for (RouteFile file : files) {
            for (NodeTuple item : file.items()) {
                if ("templatedRoute".equals(RouteFile.key(item))
                        && DESTINATION_TEMPLATE.equals(RouteFile.text(RouteFile.get(item.getValueNode(), "routeTemplateRef")))) {
                    Node name = parameters(item.getValueNode()).get("name");
                    if (RouteFile.text(name) != null) {
                        names.put(RouteFile.text(name), name);
                    }
                }
            }
        }
        return names;
    }

    private void checkItem(RouteFile file, NodeTuple item, Set<String> destinations, Set<String> templates,
                           Map<String, Map<String, String>> seen, List<RouteProblem> problems) {
        String kind = RouteFile.key(item);
        Node body = item.getValueNode();
        if ("route".equals(kind)) {
            unique(file, "route id", RouteFile.get(body, "id"), seen, problems);
            walk(file, body, destinations, problems);
        } else if ("routeTemplate".equals(kind)) {
            unique(file, "routeTemplate id", RouteFile.get(body, "id"), seen, problems);
        } else if ("routeConfiguration".equals(kind)) {
            unique(file, "routeConfiguration id", RouteFile.get(body, "id"), seen, problems);
        } else if ("templatedRoute".equals(kind)) {
            unique(file, "route id", RouteFile.get(body, "routeId"), seen, problems);
            String template = RouteFile.text(RouteFile.get(body, "routeTemplateRef"));
            if (!templates.contains(template)) {
                problems.add(new RouteProblem(file.name(), RouteFile.line(body),
                        "templatedRoute refers to routeTemplate '" + template + "', which no route file defines"));
            } else if (SOURCE_TEMPLATE.equals(template)) {
                checkSource(file, body, problems);
            }
        }
    }

    private void checkSource(RouteFile file, Node body, List<RouteProblem> problems) {
        Map<String, Node> parameters = parameters(body);
        String source = RouteFile.text(parameters.get("source"));
        Node scheme = parameters.get("scheme");
        String resolved = scheme == null ? null : placeholders.resolve(RouteFile.text(scheme)).orElse(null);
        if (scheme == null) {
            problems.add(new RouteProblem(file.name(), RouteFile.line(body), "source '" + source + "' has no scheme"));
        } else if (resolved == null || !EventNormalizers.SCHEMES.contains(resolved.trim().toLowerCase(Locale.ROOT))) {
            problems.add(new RouteProblem(file.name(), RouteFile.line(scheme), "source '" + source
                    + "' has unknown scheme '" + RouteFile.text(scheme) + "', expected one of "
                    + new java.util.TreeSet<>(EventNormalizers.SCHEMES)));
        }
        Node secretKey = parameters.get("secretKey");
        String key = RouteFile.text(secretKey);
        if (key == null || key.isBlank()) {
            problems.add(new RouteProblem(file.name(), RouteFile.line(secretKey == null ? body : secretKey),
                    "source '" + source + "' names no secret variable (parameter secretKey)"));
        } else if (!key.trim().matches(VARIABLE)) {
            problems.add(new RouteProblem(file.name(), RouteFile.line(secretKey), "source '" + source
                    + "': secretKey must be a variable name such as STRIPE_WEBHOOK_SECRET but was '" + key + "'"));
        }
    }

    /** The rules' targets, components and filters, anywhere under a route. */
    private void walk(RouteFile file, Node node, Set<String> destinations, List<RouteProblem> problems) {
        if (node instanceof SequenceNode list) {
            list.getValue().forEach(n -> walk(file, n, destinations, problems));
        } else if (node instanceof MappingNode map) {
            for (NodeTuple tuple : map.getValue()) {
                String key = RouteFile.key(tuple);
                Node value = tuple.getValueNode();
                if ("to".equals(key) || "toD".equals(key) || "from".equals(key) || "wireTap".equals(key)) {
                    Node uri = value instanceof MappingNode ? RouteFile.get(value, "uri") : value;
                    checkUri(file, uri, destinations, problems);
                } else if ("filter".equals(key)) {
                    checkPredicate(file, RouteFile.get(value, "simple"), problems);
                } else if ("when".equals(key) && value instanceof SequenceNode whens) {
                    whens.getValue().forEach(w -> checkPredicate(file, RouteFile.get(w, "simple"), problems));
                }
                walk(file, value, destinations, problems);
            }
        }
    }

    private void checkUri(RouteFile file, Node uriNode, Set<String> destinations, List<RouteProblem> problems) {
        String uri = RouteFile.text(uriNode);
        if (uri == null) {
            return;
        }
        String resolved = placeholders.resolve(uri).orElse(null);
        if (resolved == null || !resolved.contains(":")) {
            return;
        }
        String scheme = resolved.substring(0, resolved.indexOf(':'));
        if (resolved.startsWith(QUEUE)) {
            String destination = resolved.substring(QUEUE.length()).split("\\?", 2)[0];
            if (!destinations.contains(destination)) {
                problems.add(new RouteProblem(file.name(), RouteFile.line(uriNode), "rule sends to undefined destination '"
                        + destination + "': no templatedRoute of routeTemplate '" + DESTINATION_TEMPLATE
                        + "' has name '" + destination + "' (defined: " + String.join(", ", destinations) + ")"));
            }
        } else if (!HOOKLANE_COMPONENTS.contains(scheme) && !knownComponent(scheme)) {
            problems.add(new RouteProblem(file.name(), RouteFile.line(uriNode), "unknown component '" + scheme
                    + "' in endpoint '" + uri + "'"));
        }
    }

    private boolean knownComponent(String scheme) {
        try {
            return context.getComponent(scheme, true, false) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void checkPredicate(RouteFile file, Node simple, List<RouteProblem> problems) {
        Node expression = simple instanceof MappingNode ? RouteFile.get(simple, "expression") : simple;
        String text = RouteFile.text(expression);
        if (text == null) {
            return;
        }
        String resolved = placeholders.resolve(text).orElse(null);
        if (resolved == null) {
            return;
        }
        try {
            Language language = context.resolveLanguage("simple");
            language.createPredicate(resolved);
        } catch (RuntimeException e) {
            problems.add(new RouteProblem(file.name(), RouteFile.line(expression), "invalid simple expression: "
                    + firstLine(e.getMessage())));
        }
    }

    private static void unique(RouteFile file, String what, Node id, Map<String, Map<String, String>> seen,
                               List<RouteProblem> problems) {
        String value = RouteFile.text(id);
        if (value == null) {
            return;
        }
        String here = file.name() + ":" + RouteFile.line(id);
        String earlier = seen.computeIfAbsent(what, w -> new HashMap<>()).putIfAbsent(value, here);
        if (earlier != null) {
            problems.add(new RouteProblem(file.name(), RouteFile.line(id), "duplicate " + what + " '" + value
                    + "' (first at " + earlier + ")"));
        }
    }

    /** A templatedRoute's parameters by name (the value nodes). */
    static Map<String, Node> parameters(Node templatedRoute) {
        Map<String, Node> parameters = new LinkedHashMap<>();
        if (RouteFile.get(templatedRoute, "parameters") instanceof SequenceNode list) {
            for (Node parameter : list.getValue()) {
                String name = RouteFile.text(RouteFile.get(parameter, "name"));
                if (name != null) {
                    parameters.put(name, RouteFile.get(parameter, "value"));
                }
            }
        }
        return parameters;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
