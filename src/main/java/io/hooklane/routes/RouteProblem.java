package io.hooklane.routes;

/** One problem found in a route file, at a 1-based line; printed as {@code file:line: message}. */
public record RouteProblem(String file, int line, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
