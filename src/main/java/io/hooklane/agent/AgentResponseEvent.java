package io.hooklane.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.hooklane.event.EventEnvelope;

/**
 * What an agent decided, as a CloudEvent the routing rules see like any provider's event: type
 * {@code agent.response.<outcome>}, source the destination's name, the triggering event's subject, its id as
 * {@code causationid}, the chain's first event as {@code correlationid}, the chain's length as {@code hopcount}, and
 * the agent's output as {@code data}, and the reason it gave, when it gave one (a callback's {@code reason}), as
 * {@code reason}. The id is derived from the delivery's stable id, so an agent asked twice for
 * the same event (a redelivery) yields events with the same id, which receivers can deduplicate.
 */
public final class AgentResponseEvent {

    /** Type prefix of every agent response; routing never sends one back to the destination that produced it. */
    public static final String TYPE_PREFIX = "agent.response.";
    public static final Set<String> OUTCOMES = Set.of("completed", "failed", "input_required", "rejected",
            "timed_out");

    /** The extension attribute carrying the reason an agent gave for its answer. */
    public static final String REASON_EXTENSION = "reason";
    /** The longest reason carried; a longer one is cut (with "..."). */
    static final int MAX_REASON_LENGTH = 512;

    private static final JsonFactory JSON = new JsonFactory();

    private final EventEnvelope envelope;
    private final byte[] json;

    private AgentResponseEvent(EventEnvelope envelope, byte[] json) {
        this.envelope = envelope;
        this.json = json;
    }

    /**
     * @param destination the agent's destination name
     * @param webhookId   the delivery's stable id
     * @param outcome     one of {@link #OUTCOMES}
     * @param trigger     the event the agent answered
     * @param chain       the trigger's chain ({@link AgentChain#of})
     * @param reply       the agent's output as JSON, or null; output that is not JSON is kept as a JSON string
     */
    public static AgentResponseEvent of(String destination, String webhookId, String outcome, EventEnvelope trigger,
                                        AgentChain chain, byte[] reply, Instant now) {
        return of(destination, webhookId, outcome, trigger, chain, reply, null, now);
    }

    /**
     * As {@link #of(String, String, String, EventEnvelope, AgentChain, byte[], Instant)}, with the reason the agent
     * gave (null: none), cut to {@value #MAX_REASON_LENGTH} characters, control characters replaced.
     */
    public static AgentResponseEvent of(String destination, String webhookId, String outcome, EventEnvelope trigger,
                                        AgentChain chain, byte[] reply, String reason, Instant now) {
        String normalised = outcome == null ? "" : outcome.toLowerCase(Locale.ROOT);
        if (!OUTCOMES.contains(normalised)) {
            throw new IllegalArgumentException("unknown agent outcome '" + outcome + "'");
        }
        AgentChain next = chain.next();
        EventEnvelope envelope = new EventEnvelope(webhookId + ".response", destination, TYPE_PREFIX + normalised,
                trigger.subject());
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + (reply == null ? 0 : reply.length));
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("specversion", "1.0");
            json.writeStringField("id", envelope.id());
            json.writeStringField("source", envelope.source());
            json.writeStringField("type", envelope.type());
            if (envelope.subject() != null) {
                json.writeStringField("subject", envelope.subject());
            }
            json.writeStringField("time", DateTimeFormatter.ISO_INSTANT.format(now));
            json.writeStringField(AgentChain.CAUSATION_EXTENSION, trigger.id());
            json.writeStringField(AgentChain.CORRELATION_EXTENSION, next.correlationId());
            json.writeNumberField(AgentChain.HOPS_EXTENSION, next.hops());
            if (reason != null && !reason.isEmpty()) {
                json.writeStringField(REASON_EXTENSION, clean(reason));
            }
            if (reply != null && reply.length > 0) {
                json.writeStringField("datacontenttype", "application/json");
                json.writeFieldName("data");
                if (isJson(reply)) {
                    json.writeRawValue(new String(reply, java.nio.charset.StandardCharsets.UTF_8));
                } else {
                    json.writeString(new String(reply, java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new AgentResponseEvent(envelope, out.toByteArray());
    }

    public EventEnvelope envelope() {
        return envelope;
    }

    /** The CloudEvents JSON document. */
    public byte[] json() {
        return json.clone();
    }

    /** Whether {@code type} is an agent response produced by {@code destination}. */
    public static boolean producedBy(EventEnvelope event, String destination) {
        return event.type() != null && event.type().startsWith(TYPE_PREFIX) && destination.equals(event.source());
    }

    private static String clean(String text) {
        String cut = text;
        if (text.length() > MAX_REASON_LENGTH) {
            int end = Character.isHighSurrogate(text.charAt(MAX_REASON_LENGTH - 1)) ? MAX_REASON_LENGTH - 1
                    : MAX_REASON_LENGTH;
            cut = text.substring(0, end) + "...";
        }
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }

    /** One complete JSON value and nothing after it. */
    private static boolean isJson(byte[] bytes) {
        try (JsonParser parser = JSON.createParser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
