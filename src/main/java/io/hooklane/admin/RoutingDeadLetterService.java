package io.hooklane.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hooklane.event.EventEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing dead letters through the admin API: list the newest, and replay some to the inbound event topic
 * (the original record: key, headers and value as they were), where they are routed again by the rules in force.
 */
public final class RoutingDeadLetterService {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingDeadLetterService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DeadLetterTopics topics;
    private final String deadLetterTopic;
    private final String eventsTopic;

    public RoutingDeadLetterService(DeadLetterTopics topics, String deadLetterTopic, String eventsTopic) {
        this.topics = topics;
        this.deadLetterTopic = deadLetterTopic;
        this.eventsTopic = eventsTopic;
    }

    /** @param stateText {@code open} (the default: entries not yet replayed) or {@code all} */
    public ObjectNode list(String limitText, String stateText) {
        boolean all = ReplaySelection.includeClosed(stateText);
        DeadLetterTopics.Records newest = topics.listRecords(deadLetterTopic, AdminService.limit(limitText), !all);
        ObjectNode body = JSON.createObjectNode();
        body.put("deadLetterTopic", deadLetterTopic);
        body.put("state", all ? "all" : "open");
        body.put("total", newest.total());
        body.put("open", newest.open());
        ArrayNode entries = body.putArray("entries");
        newest.records().stream().map(RoutingDeadLetterEntry::parse).forEach(e -> {
            ObjectNode node = entries.addObject();
            node.put("entryId", e.entryId());
            AdminService.putState(node, newest.state(e.entryId()));
            node.put("deadLetteredAt", e.deadLetteredAt().toString());
            node.put("reason", e.reason());
            node.put("error", e.error());
            if (e.attempts() == null) {
                node.putNull("attempts");
            } else {
                node.put("attempts", e.attempts());
            }
            ObjectNode original = node.putObject("original");
            original.put("topic", e.topic());
            original.put("partition", e.originalPartition());
            original.put("offset", e.originalOffset());
            original.put("key", e.key());
            original.put("timestamp", e.originalTimestamp());
            ArrayNode writes = node.putArray("writes");
            e.writes().forEach(writes::add);
            EventEnvelope event = e.envelope();
            node.put("eventId", event == null ? null : event.id());
            node.put("eventType", event == null ? null : event.type());
            node.put("eventSource", event == null ? null : event.source());
            node.put("replayable", e.valueKept());
        });
        return body;
    }

    public ObjectNode replay(byte[] requestBody) throws Exception {
        ReplaySelection selection = ReplaySelection.parse(requestBody);
        DeadLetterTopics.ReplayPage page = topics.replay(deadLetterTopic, selection,
                r -> RoutingDeadLetterEntry.parse(r).replayTo(eventsTopic));
        LOG.info("Admin: replayed {} routing dead letter(s) to {} ({} skipped, {} left in this selection)",
                page.replayed(), eventsTopic, page.skipped(), page.remaining());
        return AdminResponses.replayed(page);
    }

    /** Closes the selected routing dead letters without replaying them. */
    public ObjectNode discard(byte[] requestBody) throws Exception {
        DeadLetterTopics.ReplayPage page = topics.discard(deadLetterTopic, ReplaySelection.parse(requestBody));
        LOG.info("Admin: discarded {} routing dead letter(s) ({} left in this selection)", page.replayed(),
                page.remaining());
        return AdminResponses.discarded(page);
    }
}
