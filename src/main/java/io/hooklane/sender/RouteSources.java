package io.hooklane.sender;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The webhook sources the route files declare: every {@code templatedRoute} of {@code routeTemplateRef:
 * webhook-source} in the directory's {@code *.camel.yaml} files, with its signing parameters. A parameter written as a
 * placeholder ({@code "{{NAME:default}}"}) is resolved from the environment, else its default.
 */
public final class RouteSources {

    private static final String TEMPLATE = "webhook-source";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^:}]+)(?::([^}]*))?}}");

    private final Map<String, SourceSigning> sources;

    private RouteSources(Map<String, SourceSigning> sources) {
        this.sources = sources;
    }

    /**
     * Reads the directory's route files; a directory that does not exist declares no source.
     *
     * @throws IllegalArgumentException naming the file when one cannot be read or is not YAML
     */
    public static RouteSources read(Path dir, Function<String, String> env) {
        Map<String, SourceSigning> found = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return new RouteSources(found);
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.camel.yaml")) {
            for (Path file : files) {
                readFile(file, env, found);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the route files in " + dir + ": " + e.getMessage(), e);
        }
        return new RouteSources(found);
    }

    /** The source of that name, if the route files declare it. */
    public Optional<SourceSigning> find(String source) {
        return Optional.ofNullable(sources.get(source));
    }

    /** The declared source names, sorted. */
    public List<String> names() {
        return List.copyOf(sources.keySet());
    }

    private static void readFile(Path file, Function<String, String> env, Map<String, SourceSigning> found)
            throws IOException {
        Object document;
        try {
            document = new Load(LoadSettings.builder().build())
                    .loadFromString(Files.readString(file, StandardCharsets.UTF_8));
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException(file + " is not valid YAML: " + e.getMessage(), e);
        }
        if (!(document instanceof List<?> entries)) {
            return;
        }
        for (Object entry : entries) {
            if (entry instanceof Map<?, ?> map && map.get("templatedRoute") instanceof Map<?, ?> route
                    && TEMPLATE.equals(route.get("routeTemplateRef"))) {
                Map<String, String> parameters = parameters(route.get("parameters"), env);
                String source = parameters.get("source");
                if (source != null && !source.isBlank()) {
                    found.put(source, new SourceSigning(source, parameters.getOrDefault("scheme", ""),
                            parameters.getOrDefault("secretKey", SecretResolver.envVar(source)),
                            parameters.getOrDefault("header", ""), parameters.getOrDefault("algorithm", ""),
                            parameters.getOrDefault("encoding", ""), parameters.getOrDefault("prefix", ""),
                            parameters.getOrDefault("timestampHeader", "")));
                }
            }
        }
    }

    private static Map<String, String> parameters(Object list, Function<String, String> env) {
        Map<String, String> parameters = new HashMap<>();
        if (list instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> p && p.get("name") != null && p.get("value") != null) {
                    parameters.put(p.get("name").toString(), resolve(p.get("value").toString(), env));
                }
            }
        }
        return parameters;
    }

    private static String resolve(String value, Function<String, String> env) {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String fromEnv = env.apply(m.group(1));
            String replacement = fromEnv != null ? fromEnv : m.group(2) != null ? m.group(2) : "";
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
