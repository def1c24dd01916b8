package io.hooklane.dispatch;

import java.util.Map;

import io.hooklane.kafka.KafkaConnection;
import io.hooklane.kafka.RecordLimits;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code hooklane-queue:<destination>}: writes the exchange's body as a delivery record to the destination's queue
 * topic ({@code <hooklane.topic.deliveries-prefix><destination>}). Every queue endpoint shares one idempotent,
 * acks=all producer.
 */
public final class QueueComponent extends DefaultComponent {

    private Producer<byte[], byte[]> producer;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        QueueEndpoint endpoint = new QueueEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    synchronized Producer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(KafkaConnection.of(getCamelContext()).producerConfig(Map.of(
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    // the dispatch loop flushes once per poll: records leave at once, batched by that poll
                    ProducerConfig.LINGER_MS_CONFIG, 0,
                    // with the broker gone a poll's writes fail within seconds and the poll is routed again
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000,
                    // the largest event the ingest side accepts (Kafka's default, 1 MiB, is less)
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG, RecordLimits.of(getCamelContext()).eventBytes(),
                    ProducerConfig.CLIENT_ID_CONFIG, "hooklane-queue")),
                    new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @Override
    protected synchronized void doStop() throws Exception {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(10));
            producer = null;
        }
        super.doStop();
    }
}
