package io.hooklane.deliver;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.hooklane.config.StartupProblems;

/**
 * Start-up check of one destination: a URL that reaches a receiver (not the demo receivers where they are off) and
 * a signing secret ({@link DestinationCredentials#check}). Problems are reported, named by the variable to set.
 */
public final class DestinationCheck {

    /** {@code {{CRM_URL}}} or {@code {{CRM_URL:default}}}: the variable a destination's url parameter reads. */
    private static final Pattern PLACEHOLDER = Pattern.compile("^\\{\\{([^:{}]+)(:.*)?}}$", Pattern.DOTALL);

    private final DestinationCredentials credentials;
    private final boolean demoReceivers;
    private final String demoPrefix;

    /**
     * @param demoReceivers whether this gateway serves the demo receivers (hooklane.demo-receivers.enabled)
     * @param demoPrefix    where they are, e.g. {@code http://127.0.0.1:8080/demo/}
     */
    public DestinationCheck(DestinationCredentials credentials, boolean demoReceivers, String demoPrefix) {
        this.credentials = credentials;
        this.demoReceivers = demoReceivers;
        this.demoPrefix = demoPrefix;
    }

    /**
     * @param rawUrl      the url parameter as written in the route file ({@code {{CRM_URL:...}}})
     * @param resolvedUrl the URL it resolves to; null or blank when it does not resolve
     */
    public void check(String name, String rawUrl, String resolvedUrl, StartupProblems problems) {
        String variable = variable(rawUrl);
        if (resolvedUrl == null || resolvedUrl.isBlank()) {
            problems.report("destination '" + name + "' has no URL",
                    variable != null ? variable : "the url of destination '" + name + "' in its route file");
        } else if (!demoReceivers && resolvedUrl.startsWith(demoPrefix)) {
            problems.report("destination '" + name + "' has no URL of its own (it would post to the demo receivers,"
                    + " which hooklane.demo-receivers.enabled=false turns off)",
                    variable != null ? variable : "the url of destination '" + name + "' in its route file");
        }
        credentials.check(name, problems);
    }

    /** The variable a parameter written {@code {{NAME}}} or {@code {{NAME:default}}} reads, else null. */
    public static String variable(String rawUrl) {
        if (rawUrl == null) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(rawUrl.trim());
        return m.matches() ? m.group(1).trim() : null;
    }
}
