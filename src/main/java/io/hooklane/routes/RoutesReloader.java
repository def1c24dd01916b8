package io.hooklane.routes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.hooklane.deliver.DeliveryRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live, checked reload of the routing and destination files a running gateway was started with ({@code camel.main.routes-include-pattern},
 * {@code file:} entries). Every interval it reads them; once a change has stayed the same for one more interval (an
 * editor's save is complete), the whole set is validated with {@link RoutesValidator}. A set with problems is refused:
 * each problem is logged at ERROR and the running routes stay. A valid set is applied file by file (routing files
 * last, so a new destination exists before a rule writes to it): the changed file's routes are stopped and removed,
 * then its new content is loaded and started. Stopping the routing route commits what it routed and closes its
 * consumer; the new one resumes from the committed offsets, so no event is skipped (at least once, as after a
 * rebalance). If Camel still refuses the new content, the previous content is loaded again. A valid change to a file
 * that also defines sources or HTTP routes is logged and waits for a restart ({@link #liveReloadable}).
 */
public final class RoutesReloader extends ServiceSupport {

    public static final String ENABLED = "hooklane.routes.reload";
    public static final String INTERVAL = "hooklane.routes.reload-interval-millis";
    private static final Logger LOG = LoggerFactory.getLogger(RoutesReloader.class);

    private final CamelContext context;
    private final String includePattern;
    private final Duration interval;
    private ScheduledExecutorService executor;
    private Map<Path, String> applied = Map.of();
    private Map<Path, String> pending;
    private Map<Path, String> refused;

    public RoutesReloader(CamelContext context, String includePattern, Duration interval) {
        if (interval.toMillis() < 100) {
            throw new IllegalArgumentException(INTERVAL + " must be at least 100 but was " + interval.toMillis());
        }
        this.context = context;
        this.includePattern = includePattern;
        this.interval = interval;
    }

    /** Adds the reloader to the context when {@value #ENABLED} is true; it stops with the context. */
    public static void install(CamelContext context) {
        var properties = context.getPropertiesComponent();
        if (!Boolean.parseBoolean(properties.resolveProperty(ENABLED).orElse("false").trim())) {
            return;
        }
        String pattern = properties.resolveProperty("camel.main.routes-include-pattern").orElse("");
        String millis = properties.resolveProperty(INTERVAL).orElse("1000").trim();
        long interval;
        try {
            interval = Long.parseLong(millis);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(INTERVAL + " must be a number of milliseconds but was '" + millis + "'");
        }
        try {
            context.addService(new RoutesReloader(context, pattern, Duration.ofMillis(interval)), true, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot add the route reloader", e);
        }
    }

    @Override
    protected void doStart() {
        applied = read();
        executor = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "routes-reload");
        executor.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Route files are reloaded when they change ({} every {} ms): {}", ENABLED, interval.toMillis(),
                applied.keySet());
    }

    @Override
    protected void doStop() {
        if (executor != null) {
            context.getExecutorServiceManager().shutdownNow(executor);
            executor = null;
        }
    }

    void poll() {
        try {
            if (!context.isStarted()) {
                return;
            }
            Map<Path, String> current = read();
            if (current.equals(applied)) {
                pending = null;
                return;
            }
            if (!current.equals(pending)) {
                pending = current;
                return;
            }
            pending = null;
            if (current.equals(refused)) {
                return;
            }
            List<RouteProblem> problems = validate(current);
            if (!problems.isEmpty()) {
                refused = current;
                LOG.error("Route files changed but were NOT reloaded: {} problem(s); the running routes stay",
                        problems.size());
                problems.forEach(p -> LOG.error("Route file problem: {}", p));
                return;
            }
            refused = null;
            apply(current);
        } catch (RuntimeException e) {
            LOG.error("Route reload failed ({}); the running routes stay", e.toString(), e);
        }
    }

    private List<RouteProblem> validate(Map<Path, String> files) {
        try (DefaultCamelContext offline = new DefaultCamelContext()) {
            // the gateway's own configuration resolves the files' placeholders
            offline.getPropertiesComponent().addPropertiesSource(new PropertiesSource() {
                @Override
                public String getName() {
                    return "gateway";
                }

                @Override
                public String getProperty(String name) {
                    return context.getPropertiesComponent().resolveProperty(name).orElse(null);
                }
            });
            List<RouteFile> parsed = new ArrayList<>();
            files.forEach((path, text) -> parsed.add(RouteFile.parse(path.toString(), text)));
            return new RoutesValidator(offline).validate(parsed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void apply(Map<Path, String> current) {
        List<Path> order = new ArrayList<>();
        current.forEach((path, text) -> {
            if (!text.equals(applied.get(path))) {
                order.add(path);
            }
        });
        order.sort(java.util.Comparator.comparing(path -> !RoutingExplainer.routingFiles(
                List.of(RouteFile.parse(path.toString(), current.get(path)))).isEmpty()));
        Map<Path, String> now = new LinkedHashMap<>(applied);
        for (Path removed : applied.keySet()) {
            if (!current.containsKey(removed)) {
                now.remove(removed);
                if (liveReloadable(RouteFile.parse(removed.toString(), applied.get(removed)))) {
                    remove(removed, applied.get(removed));
                    LOG.info("Route file {} is gone: its routes were removed", removed);
                } else {
                    LOG.warn("Route file {} is gone: its routes (sources, HTTP routes) stay until the next restart",
                            removed);
                }
            }
        }
        for (Path path : order) {
            String previous = applied.get(path);
            if (!liveReloadable(RouteFile.parse(path.toString(), current.get(path)))
                    || previous != null && !liveReloadable(RouteFile.parse(path.toString(), previous))) {
                now.put(path, current.get(path));
                LOG.warn("Route file {} changed and is valid, but it defines more than routing rules and destinations "
                        + "(sources, the admin API, demo receivers): it takes effect at the next restart", path);
                continue;
            }
            try {
                Set<String> ids = replace(path, previous, current.get(path));
                now.put(path, current.get(path));
                LOG.info("Reloaded route file {}: routes {} running", path, ids);
            } catch (Exception e) {
                LOG.error("Camel refused the new {} ({}); loading its previous content again", path, e.toString(), e);
                restore(path, previous);
            }
        }
        applied = now;
    }

    /**
     * Whether a file holds only what can be swapped while events flow: routing routes ({@code hooklane-dispatch:}) and
     * destinations (the {@code destination} template and its instances). Sources and HTTP routes wait for a restart.
     */
    static boolean liveReloadable(RouteFile file) {
        return file.items().stream().allMatch(item -> {
            String kind = RouteFile.key(item);
            var body = item.getValueNode();
            return "route".equals(kind) && String.valueOf(RouteFile.text(RouteFile.get(RouteFile.get(body, "from"), "uri"))).startsWith("hooklane-dispatch:")
                    || "routeTemplate".equals(kind)
                    && RoutesValidator.DESTINATION_TEMPLATE.equals(RouteFile.text(RouteFile.get(body, "id")))
                    || "templatedRoute".equals(kind)
                    && RoutesValidator.DESTINATION_TEMPLATE.equals(RouteFile.text(RouteFile.get(body, "routeTemplateRef")));
        });
    }

    private Set<String> replace(Path path, String previous, String text) throws Exception {
        // a destination paused through the admin API stays paused when its route is replaced
        DeliveryRegistry registry = context.getRegistry().lookupByNameAndType(DeliveryRegistry.NAME, DeliveryRegistry.class);
        Set<String> paused = new LinkedHashSet<>();
        if (registry != null) {
            registry.destinations().forEach((name, destination) -> {
                if (destination.paused()) {
                    paused.add(name);
                }
            });
        }
        if (previous != null) {
            remove(path, previous);
        }
        Set<String> before = routeIds();
        try {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString(location(path), text));
        } finally {
            paused.forEach(name -> {
                DeliveryRegistry.Destination destination = registry.destination(name);
                if (destination != null) {
                    destination.pause();
                }
            });
        }
        Set<String> added = routeIds();
        added.removeAll(before);
        return added;
    }

    private void restore(Path path, String previous) {
        if (previous == null) {
            return;
        }
        try {
            remove(path, previous);
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString(location(path), previous));
        } catch (Exception e) {
            LOG.error("The previous content of {} could not be loaded again either ({}): restart the gateway", path,
                    e.toString(), e);
        }
    }

    /** Stops and removes the routes, templates and route configurations a file's content defined. */
    private void remove(Path path, String text) {
        RouteFile file = RouteFile.parse(path.toString(), text);
        Set<String> ids = new LinkedHashSet<>();
        Set<String> templates = new LinkedHashSet<>();
        Set<String> configurations = new LinkedHashSet<>();
        file.items().forEach(item -> {
            String kind = RouteFile.key(item);
            if ("route".equals(kind)) {
                ids.add(RouteFile.text(RouteFile.get(item.getValueNode(), "id")));
            } else if ("templatedRoute".equals(kind)) {
                ids.add(RouteFile.text(RouteFile.get(item.getValueNode(), "routeId")));
            } else if ("routeTemplate".equals(kind)) {
                templates.add(RouteFile.text(RouteFile.get(item.getValueNode(), "id")));
            } else if ("routeConfiguration".equals(kind)) {
                configurations.add(RouteFile.text(RouteFile.get(item.getValueNode(), "id")));
            }
        });
        for (Route route : context.getRoutes()) {
            if (location(path).equals(route.getSourceLocation())) {
                ids.add(route.getRouteId());
            }
        }
        ids.remove(null);
        ModelCamelContext model = (ModelCamelContext) context;
        try {
            for (String id : ids) {
                if (context.getRoute(id) != null) {
                    context.getRouteController().stopRoute(id);
                    context.removeRoute(id);
                }
            }
            for (String template : templates) {
                if (template != null) {
                    model.removeRouteTemplateDefinitions(template);
                }
            }
            for (RouteConfigurationDefinition configuration : List.copyOf(model.getRouteConfigurationDefinitions())) {
                if (configurations.contains(configuration.getId())) {
                    model.removeRouteConfiguration(configuration);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot remove the routes of " + path + ": " + e.getMessage(), e);
        }
    }

    private Set<String> routeIds() {
        Set<String> ids = new LinkedHashSet<>();
        context.getRoutes().forEach(r -> ids.add(r.getRouteId()));
        return ids;
    }

    private static String location(Path path) {
        return "file:" + path;
    }

    private Map<Path, String> read() {
        Map<Path, String> files = new LinkedHashMap<>();
        for (Path path : RouteFiles.matching(includePattern)) {
            try {
                files.put(path, Files.readString(path, StandardCharsets.UTF_8));
            } catch (NoSuchFileException e) {
                // removed between listing and reading: seen as gone
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }
        return files;
    }
}
