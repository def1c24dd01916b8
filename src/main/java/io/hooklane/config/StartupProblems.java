package io.hooklane.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Settings that are missing or unsafe for the profile, collected across every source and destination while the
 * gateway starts, then refused in one message that names every variable to set. Once checked, a new problem (a
 * route added to a running gateway) is refused at once.
 */
public final class StartupProblems {

    /** One problem: what is wrong (never a secret's value) and the variable(s) that fix it. */
    public record Problem(String what, String variables) {
    }

    private final List<Problem> problems = new ArrayList<>();
    private boolean checked;

    /**
     * @param what      e.g. {@code source 'stripe' has no secret}
     * @param variables what to set, e.g. {@code STRIPE_WEBHOOK_SECRET (or STRIPE_WEBHOOK_SECRET_FILE)}
     */
    public synchronized void report(String what, String variables) {
        if (checked) {
            throw new IllegalArgumentException(what + ": set " + variables);
        }
        problems.add(new Problem(what, variables));
    }

    public synchronized List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** Ends the collection; throws, naming every problem at once, when there is any. */
    public synchronized void check(String profile) {
        checked = true;
        if (!problems.isEmpty()) {
            throw new IllegalStateException(message(profile));
        }
    }

    private String message(String profile) {
        Set<String> variables = new LinkedHashSet<>();
        problems.forEach(p -> variables.add(p.variables()));
        StringBuilder message = new StringBuilder(profile == null || profile.isBlank() ? "Hooklane" : profile + " profile")
                .append(": set ").append(String.join(", ", variables));
        problems.forEach(p -> message.append("\n  - ").append(p.what()).append(": set ").append(p.variables()));
        return message.toString();
    }
}
