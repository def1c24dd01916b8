package io.hooklane.admin;

import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hooklane.control.ClusterPauses;
import io.hooklane.control.ControlTopic;
import io.hooklane.control.PauseState;
import io.hooklane.deliver.DeliveryRegistry;
import io.hooklane.deliver.ReachabilityState;
import io.hooklane.metrics.HooklaneMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the admin API does, without HTTP: list destinations with their live state, pause and resume one, list and
 * replay its dead letters. Answers are JSON objects. A pause holds on every instance: it is written to the control
 * topic ({@link ClusterPauses}) and answered once written and applied here.
 */
public final class AdminService {

    public static final int MAX_LIST_LIMIT = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(AdminService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DeliveryRegistry registry;
    private final DeadLetterTopics deadLetters;
    private final ClusterPauses pauses;
    private final HooklaneMetrics metrics;

    /** @param metrics where each destination's calls and agent outcomes are counted (null: not shown) */
    public AdminService(DeliveryRegistry registry, DeadLetterTopics deadLetters, ClusterPauses pauses,
                        HooklaneMetrics metrics) {
        this.registry = registry;
        this.deadLetters = deadLetters;
        this.pauses = pauses;
        this.metrics = metrics;
    }

    public ObjectNode destinations() {
        Map<String, DeliveryRegistry.Destination> all = registry.destinations();
        Map<String, Long> counts = null;
        try {
            counts = deadLetters.counts(all.values().stream().map(d -> d.settings().deadLetterTopic()).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the live state is worth showing while Kafka is away: dead-letter counts are null then
            LOG.warn("Admin: could not count dead letters: {}", e.toString());
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("destinations");
        for (DeliveryRegistry.Destination d : new java.util.TreeMap<>(all).values()) {
            ObjectNode node = describe(d);
            Long count = counts == null ? null : counts.get(d.settings().deadLetterTopic());
            if (count == null) {
                node.putNull("deadLetters");
            } else {
                node.put("deadLetters", count);
            }
            list.add(node);
        }
        return body;
    }

    public ObjectNode pause(String name) throws InterruptedException {
        DeliveryRegistry.Destination d = destination(name);
        setPaused(name, true);
        LOG.info("Admin: destination {} paused on every instance; its events wait in Kafka", name);
        return describe(d);
    }

    public ObjectNode resume(String name) throws InterruptedException {
        DeliveryRegistry.Destination d = destination(name);
        setPaused(name, false);
        LOG.info("Admin: destination {} resumed on every instance", name);
        return describe(d);
    }

    private void setPaused(String name, boolean paused) throws InterruptedException {
        try {
            pauses.set(name, paused);
        } catch (ControlTopic.UnavailableException e) {
            LOG.warn("Admin: destination {} not {}: {}", name, paused ? "paused" : "resumed", e.getMessage());
            throw new AdminException(503, "kafka_unavailable", "the control topic could not be written; nothing "
                    + "changed; retry later", 5);
        }
    }

    /** @param stateText {@code open} (the default: entries not yet replayed nor discarded) or {@code all} */
    public ObjectNode deadLetters(String name, String limitText, String stateText) {
        DeliveryRegistry.Destination d = destination(name);
        int limit = limit(limitText);
        boolean all = ReplaySelection.includeClosed(stateText);
        DeadLetterTopics.Listing listing = deadLetters.list(d.settings().deadLetterTopic(), limit, !all);
        ObjectNode body = JSON.createObjectNode();
        body.put("destination", name);
        body.put("state", all ? "all" : "open");
        body.put("total", listing.total());
        body.put("open", listing.open());
        ArrayNode entries = body.putArray("entries");
        for (DeadLetterEntry e : listing.entries()) {
            ObjectNode node = entries.addObject();
            node.put("entryId", e.entryId());
            putState(node, listing.state(e.entryId()));
            node.put("partition", e.partition());
            node.put("offset", e.offset());
            node.put("deadLetteredAt", e.deadLetteredAt().toString());
            node.put("reason", e.reason());
            if (e.attempts() == null) {
                node.putNull("attempts");
            } else {
                node.put("attempts", e.attempts());
            }
            node.put("firstAttemptAt", e.firstAttemptAt());
            node.put("lastAttemptAt", e.lastAttemptAt());
            if (e.lastStatus() == null) {
                node.putNull("lastStatus");
            } else {
                node.put("lastStatus", e.lastStatus());
            }
            node.put("lastError", e.lastError());
            node.put("webhookId", e.webhookId());
            node.put("eventId", e.envelope() == null ? null : e.envelope().id());
            node.put("eventType", e.envelope() == null ? null : e.envelope().type());
            node.put("eventSource", e.envelope() == null ? null : e.envelope().source());
            node.put("replayable", e.readable());
        }
        return body;
    }

    public ObjectNode replay(String name, byte[] requestBody) throws Exception {
        DeliveryRegistry.Destination d = destination(name);
        ReplaySelection selection = ReplaySelection.parse(requestBody);
        DeadLetterTopics.ReplayPage page = deadLetters.replay(d.settings().deadLetterTopic(), d.settings().topic(),
                selection);
        LOG.info("Admin: replayed {} dead letter(s) of {} to its queue ({} skipped, {} left in this selection)",
                page.replayed(), name, page.skipped(), page.remaining());
        return AdminResponses.replayed(page);
    }

    /**
     * Closes the selected entries ({@code {"entryId": ..}}, {@code {"all": true}} or a time range, as for a replay)
     * without delivering them: they are no longer counted nor replayed by a bulk replay.
     */
    public ObjectNode discard(String name, byte[] requestBody) throws Exception {
        DeliveryRegistry.Destination d = destination(name);
        ReplaySelection selection = ReplaySelection.parse(requestBody);
        DeadLetterTopics.ReplayPage page = deadLetters.discard(d.settings().deadLetterTopic(), selection);
        LOG.info("Admin: discarded {} dead letter(s) of {} ({} left in this selection)", page.replayed(), name,
                page.remaining());
        return AdminResponses.discarded(page);
    }

    /** {@code "state"}: open, replayed, delivered or discarded; {@code "stateAt"}: since when (null while open). */
    static void putState(ObjectNode node, io.hooklane.deliver.DeadLetterState state) {
        node.put("state", state == null ? "open" : state.state().label());
        node.put("stateAt", state == null ? null : state.at().toString());
    }

    private ObjectNode describe(DeliveryRegistry.Destination d) {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", d.name());
        node.put("protocol", d.protocol());
        node.put("circuitState", d.breaker().getState().name().toLowerCase(Locale.ROOT));
        node.put("paused", d.paused());
        PauseState pause = d.pause();
        node.put("pausedBy", pause == null ? null : pause.by());
        node.put("pausedAt", pause == null ? null : pause.at().toString());
        node.put("waitingEvents", d.waitingEvents());
        node.put("inFlight", d.load().inFlight());
        node.put("parkedSubjects", d.load().parkedSubjects());
        node.put("oldestWaitingSeconds", d.load().oldestWaitingSeconds(System.currentTimeMillis()));
        ReachabilityState.Unreachable unreachable = d.unreachable();
        node.put("reachable", unreachable == null);
        node.put("unreachableSince", unreachable == null ? null : unreachable.since().toString());
        node.put("unreachableReason", unreachable == null ? null : unreachable.reason().code());
        node.put("unreachableDetail", unreachable == null ? null : unreachable.detail());
        node.put("queueTopic", d.settings().topic());
        node.put("deadLetterTopic", d.settings().deadLetterTopic());
        putCalls(node, metrics == null ? null : metrics.callStats(d.name()));
        return node;
    }

    /**
     * {@code "calls"}: calls since start, by result, and the attempts' mean, 99th percentile (the upper bound of its
     * histogram bucket) and recent longest duration;
     * {@code "agentResponses"}: the agent's answers written as events, by outcome. Null when metrics are off.
     */
    private static void putCalls(ObjectNode node, HooklaneMetrics.CallStats stats) {
        if (stats == null) {
            node.putNull("calls");
            node.putNull("agentResponses");
            return;
        }
        ObjectNode calls = node.putObject("calls");
        calls.put("total", stats.calls());
        ObjectNode byResult = calls.putObject("byResult");
        stats.byResult().forEach(byResult::put);
        calls.put("meanMillis", Math.round(stats.meanMillis() * 10) / 10.0);
        if (stats.p99Millis() == null) {
            calls.putNull("p99Millis");
        } else {
            calls.put("p99Millis", Math.round(stats.p99Millis() * 10) / 10.0);
        }
        calls.put("maxMillis", Math.round(stats.maxMillis() * 10) / 10.0);
        ObjectNode outcomes = node.putObject("agentResponses");
        stats.agentOutcomes().forEach(outcomes::put);
    }

    private DeliveryRegistry.Destination destination(String name) {
        DeliveryRegistry.Destination d = name == null ? null : registry.destination(name);
        if (d == null) {
            throw AdminException.notFound("unknown_destination", "no destination is configured as '"
                    + (name == null ? "" : name.replaceAll("[^A-Za-z0-9._-]", "?")) + "'");
        }
        return d;
    }

    static int limit(String text) {
        if (text == null || text.isBlank()) {
            return 100;
        }
        try {
            int limit = Integer.parseInt(text.strip());
            if (limit >= 1 && limit <= MAX_LIST_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw AdminException.badRequest("limit must be between 1 and " + MAX_LIST_LIMIT);
    }

}
