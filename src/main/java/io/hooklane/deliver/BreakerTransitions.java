package io.hooklane.deliver;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each state transition of a destination's circuit breaker, one line naming the destination and
 * {@code from -> to} (WARN when it opens, INFO otherwise), and knows until when an open breaker refuses calls, so a
 * retry's log line can give the time its next attempt is really due.
 */
public final class BreakerTransitions {

    private static final Logger LOG = LoggerFactory.getLogger(BreakerTransitions.class);

    private final String destination;
    private final Duration openWait;
    private volatile Instant openUntil;

    BreakerTransitions(String destination, CircuitBreaker breaker) {
        this.destination = destination;
        Long wait = breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
        this.openWait = Duration.ofMillis(wait == null ? 0 : wait);
        breaker.getEventPublisher().onStateTransition(this::transition);
    }

    /** When the open breaker lets its first probe through; null while it is not open. */
    Instant openUntil() {
        return openUntil;
    }

    /** The time an attempt waiting {@code backoffEnd} is really due: the backoff's end, or the breaker's if later. */
    Instant due(Instant backoffEnd) {
        Instant until = openUntil;
        return until != null && until.isAfter(backoffEnd) ? until : backoffEnd;
    }

    private void transition(CircuitBreakerOnStateTransitionEvent event) {
        CircuitBreaker.State from = event.getStateTransition().getFromState();
        CircuitBreaker.State to = event.getStateTransition().getToState();
        String fromName = from.name().toLowerCase(Locale.ROOT);
        String toName = to.name().toLowerCase(Locale.ROOT);
        if (to == CircuitBreaker.State.OPEN) {
            Instant until = event.getCreationTime().toInstant().plus(openWait);
            openUntil = until;
            LOG.warn("Circuit breaker of {}: {} -> {}; its events wait in Kafka, next probe at {}", destination,
                    fromName, toName, until);
        } else if (to == CircuitBreaker.State.FORCED_OPEN) {
            openUntil = null;
            LOG.warn("Circuit breaker of {}: {} -> {}", destination, fromName, toName);
        } else {
            openUntil = null;
            LOG.info("Circuit breaker of {}: {} -> {}", destination, fromName, toName);
        }
    }
}
