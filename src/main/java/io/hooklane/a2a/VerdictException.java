package io.hooklane.a2a;

/** Ends a delivery's chain of calls early with its verdict (a refusal, a failure, an unusable card). */
final class VerdictException extends RuntimeException {

    private final transient AgentVerdict verdict;

    VerdictException(AgentVerdict verdict) {
        super(verdict.result().describe(), null, false, false);
        this.verdict = verdict;
    }

    AgentVerdict verdict() {
        return verdict;
    }
}
