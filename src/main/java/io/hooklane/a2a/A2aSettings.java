package io.hooklane.a2a;

import java.net.URI;
import java.time.Duration;

/**
 * The {@code hooklane.a2a.*} settings, checked when the gateway starts: each refusal names its key and value.
 *
 * @param publicUrl     where agents reach this gateway's push endpoint ({@code HOOKLANE_PUBLIC_URL})
 * @param callTimeout   deadline of one HTTP call to an agent (card, SendMessage, GetTask), answer included
 * @param taskTimeout   how long a delivery waits for its task to settle, unless its route says otherwise
 * @param maxResponseBytes the largest answer read from an agent
 * @param cardTtl       how long an agent card is used before it is fetched again
 * @param pollInitial   first wait before polling a task with GetTask; doubled after each poll up to {@code pollMax}
 * @param pollMax       longest wait between two polls
 * @param maxPendingTasks tasks that may wait for a push at once
 * @param maxPushBytes  the largest push accepted
 */
public record A2aSettings(URI publicUrl, Duration callTimeout, Duration taskTimeout, int maxResponseBytes,
                          Duration cardTtl, Duration pollInitial, Duration pollMax, int maxPendingTasks,
                          int maxPushBytes) {

    /** The longest any delivery waits for an A2A task, whatever its route asks. */
    public static final Duration MAX_TASK_TIMEOUT = Duration.ofMinutes(10);

    public A2aSettings {
        String scheme = publicUrl.getScheme() == null ? "" : publicUrl.getScheme();
        require((scheme.equals("http") || scheme.equals("https")) && publicUrl.getHost() != null,
                "hooklane.public-url", publicUrl, "an absolute http(s) URL");
        require(positive(callTimeout), "hooklane.a2a.call-timeout-millis", callTimeout.toMillis(), "positive");
        require(positive(taskTimeout) && taskTimeout.compareTo(MAX_TASK_TIMEOUT) <= 0,
                "hooklane.a2a.task-timeout-millis", taskTimeout.toMillis(),
                "between 1 and " + MAX_TASK_TIMEOUT.toMillis());
        require(maxResponseBytes >= 1024, "hooklane.a2a.max-response-bytes", maxResponseBytes, "at least 1024");
        require(!cardTtl.isNegative(), "hooklane.a2a.card-ttl-seconds", cardTtl.toSeconds(), "0 or more");
        require(positive(pollInitial), "hooklane.a2a.poll-initial-millis", pollInitial.toMillis(), "positive");
        require(pollMax.compareTo(pollInitial) >= 0, "hooklane.a2a.poll-max-millis", pollMax.toMillis(),
                "at least hooklane.a2a.poll-initial-millis");
        require(maxPendingTasks >= 1, "hooklane.a2a.max-pending-tasks", maxPendingTasks, "at least 1");
        require(maxPushBytes >= 1024, "hooklane.a2a.max-push-bytes", maxPushBytes, "at least 1024");
    }

    /** Reads the settings; an empty public URL means {@code http://127.0.0.1:<port>}. */
    public static A2aSettings of(String publicUrl, int port, long callMillis, long taskMillis, int maxResponseBytes,
                                 long cardTtlSeconds, long pollInitialMillis, long pollMaxMillis, int maxPending,
                                 int maxPushBytes) {
        String url = publicUrl == null || publicUrl.isBlank() ? "http://127.0.0.1:" + port : publicUrl.trim();
        URI uri;
        try {
            uri = URI.create(url.replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hooklane.public-url must be an absolute http(s) URL but was '" + url
                    + "'");
        }
        return new A2aSettings(uri, Duration.ofMillis(callMillis), Duration.ofMillis(taskMillis), maxResponseBytes,
                Duration.ofSeconds(cardTtlSeconds), Duration.ofMillis(pollInitialMillis),
                Duration.ofMillis(pollMaxMillis), maxPending, maxPushBytes);
    }

    /** The URL an agent pushes {@code webhookId}'s task updates to. */
    String pushUrl(String webhookId) {
        return publicUrl + "/a2a/push/" + java.net.URLEncoder.encode(webhookId, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    private static void require(boolean ok, String key, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(key + " must be " + expected + " but was " + value);
        }
    }
}
