package io.hooklane.kafka;

import java.time.Clock;
import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * Tells whether a poll is behind: one of its records was written to Kafka longer ago than the threshold (a backlog
 * is draining, or a record is being retried). Routing and delivery of a poll that is behind run on the background
 * threads (io.hooklane.runtime.ThreadPriority), so a backlog never takes the CPU from the HTTP event loops; a poll of
 * fresh records runs at normal priority, so the events of a gateway that keeps up reach their destinations at once.
 * A record without a timestamp, or with one ahead of this clock (another instance's clock), counts as fresh.
 */
public final class Backlog {

    private final Clock clock;
    private final long thresholdMillis;

    /** @param threshold a record older than this is behind; zero or negative: every poll is behind */
    public Backlog(Clock clock, Duration threshold) {
        this.clock = clock;
        this.thresholdMillis = threshold.toMillis();
    }

    public boolean behind(ConsumerRecords<?, ?> records) {
        if (thresholdMillis <= 0) {
            return true;
        }
        long oldestFresh = clock.millis() - thresholdMillis;
        for (ConsumerRecord<?, ?> record : records) {
            long written = record.timestamp();
            if (written >= 0 && written < oldestFresh) {
                return true;
            }
        }
        return false;
    }
}
