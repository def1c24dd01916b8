package io.hooklane.deliver;

/**
 * Exchange properties of one delivery attempt through a destination's route. The engine sets the first three
 * before the route runs; a step that is not an HTTP call (an MCP or A2A call) reports its result in {@link #RESULT}
 * instead of HTTP response headers, and an agent's answer in {@link #AGENT_OUTCOME} and {@link #AGENT_REPLY}.
 */
public final class AttemptExchange {

    /** The destination's name (String). */
    public static final String DESTINATION = OutboundSigner.DESTINATION;
    /** The delivery's stable id (String): the same for every attempt of one event to one destination. */
    public static final String WEBHOOK_ID = OutboundSigner.WEBHOOK_ID;
    /** The attempt's number, from 1 (Integer). */
    public static final String ATTEMPT = "hooklane.attempt";
    /** The attempt's result ({@link AttemptResult}), when set it is used as is and the HTTP headers are not read. */
    public static final String RESULT = "hooklane.attempt.result";
    /**
     * What the agent decided, when the destination is an agent that answered: {@code completed}, {@code failed},
     * {@code input_required}, {@code rejected} or {@code timed_out} (String).
     */
    public static final String AGENT_OUTCOME = "hooklane.agent.outcome";
    /**
     * How the call ended, for {@code hooklane_destination_calls_total{result}} (String, one of
     * {@link CallResults#of(String)}), when the step knows better than the HTTP status (MCP, A2A).
     */
    public static final String CALL_RESULT = "hooklane.attempt.callResult";
    /** The agent's output as JSON (byte[]), when it gave one. */
    public static final String AGENT_REPLY = "hooklane.agent.reply";

    private AttemptExchange() {
    }
}
