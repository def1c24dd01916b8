package io.hooklane.control;

import java.time.Clock;

/**
 * Pauses and resumes a destination on every instance: writes the state to the control topic, signed with this
 * instance's id and the time, and applies it here once the broker has acknowledged it. The other instances apply it
 * when they read it (within a second or so).
 */
public final class ClusterPauses {

    /** Where a pause state takes effect on this instance. */
    @FunctionalInterface
    public interface LocalState {
        void apply(String destination, PauseState state, long offset);
    }

    private final ControlTopic topic;
    private final LocalState local;
    private final String instanceId;
    private final Clock clock;

    public ClusterPauses(ControlTopic topic, LocalState local, String instanceId, Clock clock) {
        this.topic = topic;
        this.local = local;
        this.instanceId = instanceId;
        this.clock = clock;
    }

    /** @throws ControlTopic.UnavailableException the record was not written: nothing changed here */
    public PauseState set(String destination, boolean paused)
            throws ControlTopic.UnavailableException, InterruptedException {
        PauseState state = new PauseState(paused, instanceId, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        long offset = topic.write(destination, state);
        local.apply(destination, state, offset);
        return state;
    }

    public String instanceId() {
        return instanceId;
    }
}
