package io.hooklane.routes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * Loads route files with Camel's YAML DSL loader into a context that is never started: what Camel's DSL refuses
 * (an unknown EIP, an unsupported field, a bad value) is reported with its line. Nothing is started or connected:
 * endpoints are not created, so no component needs to work.
 */
final class CamelDslCheck {

    private final CamelContext context;

    CamelDslCheck(CamelContext context) {
        this.context = context;
    }

    /** @param earlier problems found already: a file with some gets only Camel's problems that carry a line */
    List<RouteProblem> check(List<RouteFile> files, List<RouteProblem> earlier) {
        Set<String> flagged = earlier.stream().map(RouteProblem::file).collect(Collectors.toSet());
        List<RouteProblem> problems = new ArrayList<>();
        // templates first: their instances in other files need them
        List<RouteFile> ordered = files.stream()
                .sorted(Comparator.comparing(f -> f.items().stream().noneMatch(t -> "routeTemplate".equals(RouteFile.key(t)))))
                .toList();
        for (RouteFile file : ordered) {
            try {
                PluginHelper.getRoutesLoader(context).loadRoutes(
                        ResourceHelper.fromString("file:" + file.name(), file.text()));
            } catch (Exception e) {
                RouteProblem problem = problem(file, e);
                if (problem.line() > 0 || !flagged.contains(file.name())) {
                    problems.add(problem.line() > 0 ? problem : new RouteProblem(file.name(), 1, problem.message()));
                }
            }
        }
        return problems;
    }

    /** The marked YAML error in the chain (line and problem), else the innermost message at line 0. */
    static RouteProblem problem(RouteFile file, Throwable e) {
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException marked && marked.getProblemMark().isPresent()) {
                String context = marked.getContext() == null ? "" : marked.getContext() + ": ";
                return new RouteProblem(file.name(), marked.getProblemMark().get().getLine() + 1,
                        "Camel YAML DSL: " + context + RoutesValidator.firstLine(marked.getProblem()));
            }
            if (t.getMessage() != null) {
                message = RoutesValidator.firstLine(t.getMessage());
            }
        }
        return new RouteProblem(file.name(), 0, "Camel YAML DSL: " + (message == null ? e.toString() : message));
    }
}
