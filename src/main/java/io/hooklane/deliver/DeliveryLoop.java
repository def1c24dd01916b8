package io.hooklane.deliver;

import java.time.Clock;
import java.time.Duration;

import io.hooklane.kafka.ConsumerLoop;
import io.hooklane.kafka.OffsetCommits;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * One Kafka consumer of a destination's queue: a {@link ConsumerLoop} feeding the destination's
 * {@link DeliveryEngine} ({@link DeliveryWork}). It polls only while the destination's buffer has room for a whole
 * poll (otherwise every assigned partition is paused, and the consumer keeps polling to keep its group membership),
 * commits per partition only below the oldest record not yet delivered or dead-lettered (without blocking, at most
 * every {@link OffsetCommits#INTERVAL}), so a crash or a stop redelivers (at least once) and never skips. On
 * revocation it commits what is safe and drops the partitions' records: the new owner reads them again. Only this
 * loop's thread uses the consumer; attempts' results reach it through the engine.
 */
public final class DeliveryLoop extends ConsumerLoop {

    /**
     * Polls are short while results may come back at any moment (they are handled between polls); a stopping loop
     * lets calls in flight finish for a while, so their offsets are committed.
     */
    private static final ConsumerLoop.Timing TIMING =
            new ConsumerLoop.Timing(Duration.ofMillis(10), Duration.ofMillis(200), Duration.ofSeconds(5));

    public DeliveryLoop(DeliverySettings settings, Consumer<byte[], byte[]> consumer,
                        DeliveryEngine.Collaborators with, Clock clock, DeliveryRegistry.Destination control,
                        DestinationLoad load, int loopNumber) {
        super(settings.topic(), consumer,
                new DeliveryWork(new DeliveryEngine(settings, with, control, load, clock), control, load,
                        settings.maxPollRecords(), loopNumber),
                TIMING, "delivery offsets of " + settings.destination(), clock);
    }
}
