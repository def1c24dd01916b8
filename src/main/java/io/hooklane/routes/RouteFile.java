package io.hooklane.routes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * One route file's text and its YAML tree with line numbers (SnakeYAML Engine, the parser Camel's YAML DSL uses),
 * or the syntax problem that kept it from parsing.
 */
public final class RouteFile {

    private final String name;
    private final String text;
    private final Node root;
    private final RouteProblem syntaxProblem;

    private RouteFile(String name, String text, Node root, RouteProblem syntaxProblem) {
        this.name = name;
        this.text = text;
        this.root = root;
        this.syntaxProblem = syntaxProblem;
    }

    public static RouteFile read(Path path) {
        try {
            return parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** @param name how problems name the file (its path as given) */
    public static RouteFile parse(String name, String text) {
        try {
            Optional<Node> root = new Compose(LoadSettings.builder().setLabel(name).build()).composeString(text);
            return new RouteFile(name, text, root.orElse(null), null);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(1);
            String context = e.getContext() == null ? "" : e.getContext() + ": ";
            return new RouteFile(name, text, null, new RouteProblem(name, line,
                    "YAML syntax error: " + context + e.getProblem()));
        } catch (YamlEngineException e) {
            return new RouteFile(name, text, null, new RouteProblem(name, 1, "YAML syntax error: " + e.getMessage()));
        }
    }

    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    /** The YAML tree, null when the file is empty or does not parse. */
    public Node root() {
        return root;
    }

    /** The syntax error, null when the file parses. */
    public RouteProblem syntaxProblem() {
        return syntaxProblem;
    }

    /** The top-level list's items, each a single-key mapping such as {@code route:}; empty when not a list. */
    public List<NodeTuple> items() {
        List<NodeTuple> items = new ArrayList<>();
        if (root instanceof SequenceNode list) {
            for (Node item : list.getValue()) {
                if (item instanceof MappingNode mapping) {
                    items.addAll(mapping.getValue());
                }
            }
        }
        return items;
    }

    public static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    }

    /** A mapping's value for {@code key}, or null. */
    public static Node get(Node mapping, String key) {
        if (mapping instanceof MappingNode map) {
            for (NodeTuple tuple : map.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k && key.equals(k.getValue())) {
                    return tuple.getValueNode();
                }
            }
        }
        return null;
    }

    /** A scalar's text, or null when the node is absent or not a scalar. */
    public static String text(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : null;
    }

    /** Camel's key for a tuple: the scalar key's text, else null. */
    public static String key(NodeTuple tuple) {
        return text(tuple.getKeyNode());
    }
}
