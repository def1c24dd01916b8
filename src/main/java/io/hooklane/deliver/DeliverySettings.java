package io.hooklane.deliver;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

/** One destination's queue, retry, circuit-breaker and engine settings, validated when the destination starts. */
public record DeliverySettings(String destination, String brokers, String topic, String deadLetterTopic,
                               String groupId, RetryPolicy retryPolicy, CircuitBreakerConfig breakerConfig,
                               int maxPollRecords, EngineSettings engine) {

    public CircuitBreaker newBreaker() {
        return CircuitBreaker.of("deliver-" + destination, breakerConfig);
    }

    public static CircuitBreakerConfig breakerConfig(String destination, float failureRateThreshold,
                                                     int slidingWindowSize, int minimumCalls, Duration openWait,
                                                     int halfOpenCalls) {
        if (failureRateThreshold <= 0 || failureRateThreshold > 100) {
            throw new IllegalArgumentException("destination '" + destination
                    + "': failureRateThreshold must be in (0, 100] but was " + failureRateThreshold);
        }
        if (slidingWindowSize < 1 || minimumCalls < 1 || halfOpenCalls < 1) {
            throw new IllegalArgumentException("destination '" + destination + "': slidingWindowSize ("
                    + slidingWindowSize + "), minimumCalls (" + minimumCalls + ") and halfOpenCalls ("
                    + halfOpenCalls + ") must be at least 1");
        }
        return CircuitBreakerConfig.custom()
                .failureRateThreshold(failureRateThreshold)
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(slidingWindowSize)
                .minimumNumberOfCalls(minimumCalls)
                .waitDurationInOpenState(openWait)
                .permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordExceptions(DeliveryFailedException.class)
                .build();
    }
}
