package io.hooklane.deliver;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import io.hooklane.kafka.OffsetCommits;
import io.hooklane.kafka.RestartingLoop;
import io.hooklane.runtime.ThreadPriority;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * One Kafka consumer of a destination's queue, feeding its {@link DeliveryEngine}: polls only while the
 * destination's buffer has room for a whole poll (otherwise every assigned partition is paused, and the consumer
 * keeps polling to keep its group membership), commits per partition only below the oldest record not yet delivered
 * or dead-lettered (without blocking, at most every {@link OffsetCommits#INTERVAL}), so a crash or a stop redelivers
 * (at least once) and never skips. On revocation it commits what is safe and drops the partitions' records: the new
 * owner reads them again. Only this loop's thread uses the consumer; attempts' results reach it through the engine.
 */
public final class DeliveryLoop implements RestartingLoop.Loop {

    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
    /** Poll timeout while results may come back at any moment: they are handled between polls. */
    private static final Duration BUSY_POLL = Duration.ofMillis(10);
    private static final Duration IDLE_POLL = Duration.ofMillis(200);
    /** How long a stopping loop lets calls in flight finish, so their offsets are committed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Duration LAG_REFRESH = Duration.ofSeconds(1);

    private final DeliverySettings settings;
    private final Consumer<byte[], byte[]> consumer;
    private final DeliveryEngine engine;
    private final DeliveryRegistry.Destination control;
    private final DestinationLoad load;
    private final int loopNumber;
    private final OffsetCommits commits;
    private final Map<TopicPartition, Long> offered = new HashMap<>();
    private boolean backPressure;
    private long lastLagReport;
    private volatile boolean running = true;

    public DeliveryLoop(DeliverySettings settings, Consumer<byte[], byte[]> consumer,
                        DeliveryEngine.Collaborators with, Clock clock, DeliveryRegistry.Destination control,
                        DestinationLoad load, int loopNumber) {
        this.settings = settings;
        this.consumer = consumer;
        this.control = control;
        this.load = load;
        this.loopNumber = loopNumber;
        this.engine = new DeliveryEngine(settings, with, control, load, clock);
        this.commits = new OffsetCommits("delivery offsets of " + settings.destination(), OffsetCommits.INTERVAL,
                System::nanoTime);
    }

    @Override
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public void run() {
        ThreadPriority.background();
        try {
            consumer.subscribe(List.of(settings.topic()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    offerCommits();
                    commits.commitNow(consumer, COMMIT_TIMEOUT);
                    forget(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (backPressure) {
                        consumer.pause(partitions);
                    }
                }
            });
            while (running) {
                engine.step();
                poll();
                engine.step();
                offerCommits();
                commits.commitIfDue(consumer);
                report();
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            try {
                finishInFlight();
                offerCommits();
                commits.commitNow(consumer, COMMIT_TIMEOUT);
            } finally {
                engine.drop(new HashSet<>(engine.partitions()));
                load.report(loopNumber, 0, OptionalLong.empty());
                consumer.close(Duration.ofSeconds(5));
            }
        }
    }

    /** Polls for as many records as the destination's buffer has room for; with no room, polls paused. */
    private void poll() {
        int batch = settings.maxPollRecords();
        boolean room = load.tryReserve(batch);
        Set<TopicPartition> assigned = consumer.assignment();
        if (!room && !backPressure) {
            backPressure = true;
            consumer.pause(assigned);
        } else if (room && backPressure) {
            backPressure = false;
            consumer.resume(assigned);
        }
        int taken = 0;
        try {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(engine.busy() ? BUSY_POLL : IDLE_POLL);
            for (ConsumerRecord<byte[], byte[]> record : records) {
                engine.accept(new TopicPartition(record.topic(), record.partition()), record);
                taken++;
            }
        } finally {
            if (room) {
                load.release(batch - taken);
            } else {
                // a poll while paused returns nothing; if a rebalance's records slipped through, they are held
                load.release(-taken);
            }
        }
    }

    /** Hands the offsets that moved to the commits: each partition's oldest record not yet finished. */
    private void offerCommits() {
        for (TopicPartition partition : engine.partitions()) {
            OptionalLong committable = engine.committable(partition);
            if (committable.isPresent() && !Long.valueOf(committable.getAsLong()).equals(offered.get(partition))) {
                offered.put(partition, committable.getAsLong());
                commits.done(partition, committable.getAsLong());
            }
        }
    }

    /** A stopping loop: no new attempt starts; calls in flight get a short while to finish. */
    private void finishInFlight() {
        long end = System.nanoTime() + STOP_GRACE.toNanos();
        engine.stopStarting();
        while (engine.inFlight() && System.nanoTime() - end < 0) {
            engine.step();
            try {
                Thread.sleep(BUSY_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void report() {
        load.report(loopNumber, engine.parkedSubjects(), engine.oldestTimestamp());
        long now = System.nanoTime();
        if (now - lastLagReport < LAG_REFRESH.toNanos()) {
            return;
        }
        lastLagReport = now;
        try {
            long waiting = 0;
            Set<TopicPartition> assigned = consumer.assignment();
            // a paused partition fetches nothing, so its lag is not known locally: ask the broker for its end
            Map<TopicPartition, Long> ends = backPressure ? consumer.endOffsets(assigned, COMMIT_TIMEOUT) : Map.of();
            for (TopicPartition partition : assigned) {
                // from the oldest record not yet finished: records held in memory count as waiting
                long position = consumer.position(partition, COMMIT_TIMEOUT);
                long from = engine.committable(partition).orElse(position);
                Long end = ends.get(partition);
                long lag = end != null ? end - position : consumer.currentLag(partition).orElse(0);
                waiting += Math.max(0, lag) + Math.max(0, position - from);
            }
            control.reportLag(loopNumber, waiting);
        } catch (KafkaException e) {
            // a stop's wakeup, a timeout: nothing to report this time
            if (e instanceof WakeupException && running) {
                throw e;
            }
        }
    }

    private void forget(Collection<TopicPartition> partitions) {
        engine.drop(partitions);
        commits.forget(partitions);
        partitions.forEach(offered::remove);
    }
}
