package io.hooklane.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.hooklane.deliver.DestinationCheck;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The variables a production start needs and lacks, read from the route files without starting anything: each
 * source's secret variable (or its {@code _FILE}; for {@code ucp}, its trusted profiles or JWKS file), each
 * destination's URL variable and signing secret. Used when a start is refused before the routes load (no Kafka
 * cluster), so that one refusal names everything to set. Whether a set value is the public demo one is checked by
 * the start itself, once it can run.
 */
public final class ProdSettingsScan {

    private ProdSettingsScan() {
    }

    /**
     * @param includePattern {@code camel.main.routes-include-pattern}: its {@code file:} entries are read
     * @param lookup         a setting or environment variable by name, null when not set
     */
    public static List<String> missing(String includePattern, Function<String, String> lookup) {
        Set<String> missing = new LinkedHashSet<>();
        boolean delivers = !"false".equalsIgnoreCase(String.valueOf(first(lookup, "hooklane.delivery.enabled",
                "HOOKLANE_DELIVERY_ENABLED")).trim());
        for (Path file : files(includePattern)) {
            for (Map<?, ?> route : templatedRoutes(file)) {
                Map<String, String> parameters = parameters(route.get("parameters"));
                Object template = route.get("routeTemplateRef");
                if ("webhook-source".equals(template)) {
                    source(parameters, lookup, missing);
                } else if ("destination".equals(template) && delivers) {
                    destination(parameters, lookup, missing);
                }
            }
        }
        return List.copyOf(missing);
    }

    private static void source(Map<String, String> parameters, Function<String, String> lookup, Set<String> missing) {
        String key = parameters.get("secretKey");
        if (key == null || key.isBlank() || isSet(lookup, key) || isSet(lookup, key + "_FILE")) {
            return;
        }
        if ("ucp".equals(parameters.get("scheme"))) {
            String jwks = parameters.getOrDefault("jwksFile", "");
            String jwksVariable = DestinationCheck.variable(jwks);
            if (jwksVariable != null ? isSet(lookup, jwksVariable) : !jwks.isBlank()) {
                return;
            }
            missing.add(key + " (or UCP_JWKS_FILE)");
            return;
        }
        missing.add(key + " (or " + key + "_FILE)");
    }

    private static void destination(Map<String, String> parameters, Function<String, String> lookup,
                                    Set<String> missing) {
        String name = parameters.get("name");
        if (name == null || name.isBlank()) {
            return;
        }
        String urlVariable = DestinationCheck.variable(parameters.get("url"));
        if (urlVariable != null && !isSet(lookup, urlVariable)) {
            missing.add(urlVariable);
        }
        String own = name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_') + "_SIGNING_SECRET";
        if (!isSet(lookup, own) && !isSet(lookup, own + "_FILE") && !isSet(lookup, "HOOKLANE_SIGNING_SECRET")
                && !isSet(lookup, "HOOKLANE_SIGNING_SECRET_FILE")) {
            missing.add(own + " or HOOKLANE_SIGNING_SECRET");
        }
    }

    /** The files of the pattern's {@code file:} entries (a glob in the last path element), sorted. */
    static List<Path> files(String includePattern) {
        List<Path> files = new ArrayList<>();
        for (String entry : includePattern.split(",")) {
            String pattern = entry.trim();
            if (!pattern.startsWith("file:")) {
                continue;
            }
            Path path = Path.of(pattern.substring("file:".length()));
            Path dir = path.getParent() == null ? Path.of(".") : path.getParent();
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> matches = Files.newDirectoryStream(dir, path.getFileName().toString())) {
                matches.forEach(files::add);
            } catch (IOException e) {
                // unreadable: the start itself reports it once it can run
            }
        }
        files.sort(null);
        return files;
    }

    private static List<Map<?, ?>> templatedRoutes(Path file) {
        List<Map<?, ?>> routes = new ArrayList<>();
        Object document;
        try {
            document = new Load(LoadSettings.builder().build())
                    .loadFromString(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | YamlEngineException e) {
            return routes;
        }
        if (document instanceof List<?> entries) {
            for (Object entry : entries) {
                if (entry instanceof Map<?, ?> map && map.get("templatedRoute") instanceof Map<?, ?> route) {
                    routes.add(route);
                }
            }
        }
        return routes;
    }

    private static Map<String, String> parameters(Object list) {
        Map<String, String> parameters = new java.util.HashMap<>();
        if (list instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> p && p.get("name") != null && p.get("value") != null) {
                    parameters.put(p.get("name").toString(), p.get("value").toString());
                }
            }
        }
        return parameters;
    }

    private static boolean isSet(Function<String, String> lookup, String name) {
        String value = lookup.apply(name);
        return value != null && !value.isBlank();
    }

    private static String first(Function<String, String> lookup, String key, String env) {
        String value = lookup.apply(key);
        return value != null ? value : lookup.apply(env);
    }
}
