package io.hooklane.agent;

/**
 * Hooks for metrics: what the agent protocols did besides the calls themselves (which the delivery engine counts).
 * Called on the protocols' own threads; implementations must be quick and must not fail.
 */
public interface AgentListener {

    /** Listens to nothing. */
    AgentListener NONE = new AgentListener() {
    };

    /**
     * An MCP session was initialised with a destination's server: its first ({@code expired} false), or a new one
     * after the server answered 404 to the session it had given ({@code expired} true).
     */
    default void mcpSession(String destination, boolean expired) {
    }

    /** An A2A push notification was received: {@code accepted}, or the code it was refused with. */
    default void a2aPush(String result) {
    }

    /** An A2A task was fetched with GetTask because no push said it had settled in time (a poll). */
    default void a2aPoll() {
    }
}
