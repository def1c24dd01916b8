package io.hooklane.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.DefaultKafkaClientFactory;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/**
 * camel-kafka's client factory, with one Kafka producer per distinct configuration shared by every Camel producer
 * that asks for it. Each source's ingest route sends to the events topic through its own {@code kafka:} endpoint;
 * without this each would start its own Kafka producer, splitting the batches and multiplying the broker's requests
 * (Kafka's own advice: one thread-safe producer per process is faster than several). The shared producer closes
 * when the last route using it stops. Consumers are created as camel-kafka's default factory creates them.
 */
public final class SharedProducerClientFactory extends DefaultKafkaClientFactory {

    private final Map<Properties, Shared> producers = new HashMap<>();

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public synchronized Producer getProducer(Properties props) {
        Properties key = new Properties();
        key.putAll(props);
        Shared shared = producers.get(key);
        if (shared == null) {
            shared = new Shared(key, super.getProducer(props));
            producers.put(key, shared);
        }
        shared.users++;
        return new Handle(shared);
    }

    /**
     * Fetches the topic's metadata into every open producer, so the first record sent to it does not wait for it.
     *
     * @throws org.apache.kafka.common.KafkaException when a producer cannot fetch it within its max.block.ms
     */
    public void fetchMetadata(String topic) {
        List<Producer<Object, Object>> open;
        synchronized (this) {
            open = producers.values().stream().map(s -> s.producer).toList();
        }
        open.forEach(producer -> producer.partitionsFor(topic));
    }

    /** The metrics of every open producer (live views: read them when needed, not once). */
    public synchronized List<Map<MetricName, ? extends Metric>> metrics() {
        return producers.values().stream().<Map<MetricName, ? extends Metric>>map(s -> s.producer.metrics()).toList();
    }

    /** The kafka component's client factory when it is this one (application.properties), else null. */
    public static SharedProducerClientFactory of(CamelContext context) {
        KafkaComponent kafka = context.getComponent("kafka", KafkaComponent.class);
        return kafka != null && kafka.getKafkaClientFactory() instanceof SharedProducerClientFactory shared ? shared : null;
    }

    /** How many Kafka producers are open (for tests). */
    synchronized int openProducers() {
        return producers.size();
    }

    private synchronized void release(Shared shared, Duration timeout) {
        if (--shared.users == 0) {
            producers.remove(shared.key);
            if (timeout == null) {
                shared.producer.close();
            } else {
                shared.producer.close(timeout);
            }
        }
    }

    private static final class Shared {
        final Properties key;
        final Producer<Object, Object> producer;
        int users;

        Shared(Properties key, Producer<Object, Object> producer) {
            this.key = key;
            this.producer = producer;
        }
    }

    /** One Camel producer's view of the shared producer: everything delegates; close releases this user only. */
    private final class Handle implements Producer<Object, Object> {

        private final Shared shared;
        private boolean closed;

        Handle(Shared shared) {
            this.shared = shared;
        }

        private Producer<Object, Object> producer() {
            return shared.producer;
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<Object, Object> record) {
            return producer().send(record);
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<Object, Object> record, Callback callback) {
            return producer().send(record, callback);
        }

        @Override
        public void flush() {
            producer().flush();
        }

        @Override
        public List<PartitionInfo> partitionsFor(String topic) {
            return producer().partitionsFor(topic);
        }

        @Override
        public Map<MetricName, ? extends Metric> metrics() {
            return producer().metrics();
        }

        @Override
        public Uuid clientInstanceId(Duration timeout) {
            return producer().clientInstanceId(timeout);
        }

        @Override
        public void close() {
            close(null);
        }

        @Override
        public void close(Duration timeout) {
            synchronized (SharedProducerClientFactory.this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            release(shared, timeout);
        }

        // a shared producer cannot take part in one route's transaction
        @Override
        public void initTransactions() {
            throw transactional();
        }

        @Override
        public void beginTransaction() {
            throw transactional();
        }

        @Override
        public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, String groupId) {
            throw transactional();
        }

        @Override
        public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                                             ConsumerGroupMetadata metadata) {
            throw transactional();
        }

        @Override
        public void commitTransaction() {
            throw transactional();
        }

        @Override
        public void abortTransaction() {
            throw transactional();
        }

        private UnsupportedOperationException transactional() {
            return new UnsupportedOperationException("a shared Kafka producer does not take part in transactions");
        }

        @Override
        public String toString() {
            return "SharedProducer[" + producer() + "]";
        }
    }
}
