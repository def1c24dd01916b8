package io.hooklane.deliver;

import java.time.Duration;
import java.util.Collection;
import java.util.OptionalLong;

import io.hooklane.kafka.ConsumerLoop;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * A destination's {@link DeliveryEngine} as the work of a {@link ConsumerLoop}: a poll is taken only while the
 * destination's buffer ({@link DestinationLoad}, shared by its loops) has room for all of it, each partition is
 * committable below its oldest record not yet delivered or dead-lettered, and the loop's parked subjects, oldest
 * record and lag are reported for metrics and the admin API.
 */
final class DeliveryWork implements ConsumerLoop.Work {

    private static final Duration LAG_REFRESH = Duration.ofSeconds(1);

    private final DeliveryEngine engine;
    private final DeliveryRegistry.Destination control;
    private final DestinationLoad load;
    private final int pollRecords;
    private final int loopNumber;
    private boolean reserved;
    private int taken;
    private long lastLagReport;

    DeliveryWork(DeliveryEngine engine, DeliveryRegistry.Destination control, DestinationLoad load, int pollRecords,
                 int loopNumber) {
        this.engine = engine;
        this.control = control;
        this.load = load;
        this.pollRecords = pollRecords;
        this.loopNumber = loopNumber;
    }

    @Override
    public boolean reserve() {
        taken = 0;
        reserved = load.tryReserve(pollRecords);
        return reserved;
    }

    @Override
    public void accept(ConsumerRecords<byte[], byte[]> records, ConsumerLoop.Positions positions) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            engine.accept(new TopicPartition(record.topic(), record.partition()), record);
            taken++;
        }
    }

    @Override
    public void polled() {
        if (reserved) {
            load.release(pollRecords - taken);
        } else {
            // a poll while paused returns nothing; if a rebalance's records slipped through, they are held
            load.release(-taken);
        }
        reserved = false;
        taken = 0;
    }

    @Override
    public void step() {
        engine.step();
    }

    @Override
    public Collection<TopicPartition> partitions() {
        return engine.partitions();
    }

    @Override
    public OptionalLong committable(TopicPartition partition) {
        return engine.committable(partition);
    }

    @Override
    public void drop(Collection<TopicPartition> partitions) {
        engine.drop(partitions);
    }

    @Override
    public boolean busy() {
        return engine.busy();
    }

    @Override
    public boolean inFlight() {
        return engine.inFlight();
    }

    @Override
    public void stopStarting() {
        engine.stopStarting();
    }

    @Override
    public void report(ConsumerLoop.Backlog backlog) {
        load.report(loopNumber, engine.parkedSubjects(), engine.oldestTimestamp());
        long now = System.nanoTime();
        if (now - lastLagReport < LAG_REFRESH.toNanos()) {
            return;
        }
        lastLagReport = now;
        backlog.waiting().ifPresent(waiting -> control.reportLag(loopNumber, waiting));
    }

    @Override
    public void ended() {
        load.report(loopNumber, 0, OptionalLong.empty());
    }
}
