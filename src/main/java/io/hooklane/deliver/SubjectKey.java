package io.hooklane.deliver;

import java.nio.ByteBuffer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Which records wait for each other. Under {@code ordering: subject}: the partition and the Kafka key (the
 * dispatcher keys each event by its subject; records without a key share their partition's queue). Under
 * {@code ordering: none}: the record's own offset, so every record is on its own.
 */
record SubjectKey(TopicPartition partition, Object key) {

    static SubjectKey of(EngineSettings.Ordering ordering, TopicPartition partition,
                         ConsumerRecord<byte[], byte[]> record) {
        if (ordering == EngineSettings.Ordering.NONE) {
            return new SubjectKey(partition, record.offset());
        }
        return new SubjectKey(partition, record.key() == null ? null : ByteBuffer.wrap(record.key()));
    }
}
