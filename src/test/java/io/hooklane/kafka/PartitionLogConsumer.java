package io.hooklane.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;

/**
 * A {@link MockConsumer} that keeps each partition's records like a broker does: a poll returns the records from
 * each unpaused partition's position on, and a seek back makes them come again (MockConsumer's own poll hands each
 * record out once). Like a real poll, an empty one waits up to its timeout for records to arrive. Remembers every
 * commit, readable after the consumer is closed.
 */
public final class PartitionLogConsumer extends MockConsumer<byte[], byte[]> {

    private final String topic;
    private final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> log = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private int polls;

    public PartitionLogConsumer(String topic, int partitions) {
        super(OffsetResetStrategy.EARLIEST);
        this.topic = topic;
        Map<TopicPartition, Long> beginning = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            beginning.put(new TopicPartition(topic, p), 0L);
            log.put(new TopicPartition(topic, p), new ArrayList<>());
        }
        updateBeginningOffsets(beginning);
        updateEndOffsets(beginning);
        // the group assigns every partition at the first poll
        schedulePollTask(() -> rebalance(beginning.keySet()));
    }

    /** Appends an event to the partition, as the dispatcher would; returns its offset. */
    public synchronized long append(int partition, byte[] value) {
        TopicPartition tp = new TopicPartition(topic, partition);
        List<ConsumerRecord<byte[], byte[]>> records = log.get(tp);
        long offset = records.size();
        records.add(new ConsumerRecord<>(topic, partition, offset, null, value));
        updateEndOffsets(Map.of(tp, offset + 1));
        notifyAll();
        return offset;
    }

    @Override
    public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        super.poll(Duration.ZERO); // runs the scheduled rebalance and honours wakeup(); it holds no records itself
        polls++;
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> fetched = fetch();
        if (fetched.isEmpty()) {
            try {
                wait(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            }
            super.poll(Duration.ZERO);
            fetched = fetch();
        }
        return new ConsumerRecords<>(fetched);
    }

    private Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> fetch() {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> fetched = new HashMap<>();
        for (TopicPartition tp : assignment()) {
            if (paused().contains(tp)) {
                continue;
            }
            long position = position(tp);
            List<ConsumerRecord<byte[], byte[]>> from = log.get(tp).stream().filter(r -> r.offset() >= position).toList();
            if (!from.isEmpty()) {
                fetched.put(tp, from);
                seek(tp, from.get(from.size() - 1).offset() + 1);
            }
        }
        return fetched;
    }

    @Override
    public synchronized void wakeup() {
        super.wakeup();
        notifyAll();
    }

    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        super.commitSync(offsets);
        offsets.forEach((tp, offset) -> committed.put(tp, offset.offset()));
    }

    @Override
    public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        super.commitAsync(offsets, callback);
        offsets.forEach((tp, offset) -> committed.put(tp, offset.offset()));
    }

    /** The last offset committed for the partition, empty if none. */
    public synchronized OptionalLong committedOffset(int partition) {
        Long offset = committed.get(new TopicPartition(topic, partition));
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    public synchronized boolean isPaused(int partition) {
        return paused().contains(new TopicPartition(topic, partition));
    }

    public synchronized int polls() {
        return polls;
    }
}
