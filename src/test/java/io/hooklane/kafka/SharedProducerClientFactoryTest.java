package io.hooklane.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SharedProducerClientFactoryTest {

    private final SharedProducerClientFactory factory = new SharedProducerClientFactory();

    private static Properties config(String acks) {
        Properties props = new Properties();
        props.put("bootstrap.servers", "127.0.0.1:1"); // never contacted: nothing is sent
        props.put("key.serializer", ByteArraySerializer.class.getName());
        props.put("value.serializer", ByteArraySerializer.class.getName());
        props.put("acks", acks);
        return props;
    }

    @AfterEach
    void no_producer_is_left_open() {
        assertThat(factory.openProducers()).isZero();
    }

    @Test
    void routes_with_the_same_configuration_share_one_producer_until_the_last_closes() {
        Producer<?, ?> first = factory.getProducer(config("all"));
        Producer<?, ?> second = factory.getProducer(config("all"));

        assertThat(factory.openProducers()).isEqualTo(1);
        // two producers would have two client ids in their metric names
        assertThat(first.metrics().keySet()).isEqualTo(second.metrics().keySet());
        first.close(Duration.ZERO);
        first.close(Duration.ZERO); // a second close of the same handle releases nothing more
        assertThat(factory.openProducers()).isEqualTo(1);
        assertThat(second.metrics()).isNotEmpty(); // the shared producer is still open
        second.close(Duration.ZERO);
        assertThat(factory.openProducers()).isZero();
    }

    @Test
    void a_different_configuration_gets_its_own_producer() {
        Producer<?, ?> all = factory.getProducer(config("all"));
        Producer<?, ?> one = factory.getProducer(config("1"));

        assertThat(factory.openProducers()).isEqualTo(2);
        all.close(Duration.ZERO);
        one.close(Duration.ZERO);
    }

    @Test
    void a_shared_producer_refuses_transactions() {
        Producer<?, ?> producer = factory.getProducer(config("all"));
        try {
            assertThatThrownBy(producer::initTransactions).isInstanceOf(UnsupportedOperationException.class);
        } finally {
            producer.close(Duration.ZERO);
        }
    }
}
