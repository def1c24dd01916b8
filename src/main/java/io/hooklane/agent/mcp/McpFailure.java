package io.hooklane.agent.mcp;

/** Ends a call before {@code tools/call} with the outcome it comes to (a refused initialize, a 503 to a probe). */
final class McpFailure extends RuntimeException {

    final transient McpOutcome outcome;

    McpFailure(McpOutcome outcome) {
        super(outcome.result().describe(), null, false, false);
        this.outcome = outcome;
    }
}
