package io.hooklane.e2e;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Records the topics of what a producer sends. Given to a gateway as
 * {@code hooklane.ingest.dedup-producer.interceptor.classes}, it sees the writes of the duplicate ids producer only.
 */
public final class SentTopics<K, V> implements ProducerInterceptor<K, V> {

    private static final Set<String> TOPICS = ConcurrentHashMap.newKeySet();

    static Set<String> topics() {
        return TOPICS;
    }

    @Override
    public ProducerRecord<K, V> onSend(ProducerRecord<K, V> record) {
        TOPICS.add(record.topic());
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
