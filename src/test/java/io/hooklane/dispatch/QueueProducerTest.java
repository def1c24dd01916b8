package io.hooklane.dispatch;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import io.hooklane.e2e.EventTopic;
import io.hooklane.e2e.TestKafka;
import io.hooklane.event.EventEnvelope;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a routing rule's {@code to: hooklane-queue:<destination>} writes, against the real broker. */
class QueueProducerTest {

    private static final byte[] EVENT = ("{\"specversion\":\"1.0\",\"id\":\"evt_q1\",\"source\":\"shop\","
            + "\"type\":\"order.created\",\"subject\":\"o-1\",\"data\":{}}").getBytes(StandardCharsets.UTF_8);

    @Test
    void writes_the_events_attributes_as_headers_beside_it() throws Exception {
        ConsumerRecord<String, byte[]> record = writeThroughARule(EVENT);

        assertThat(record.value()).isEqualTo(EVENT);
        assertThat(EventEnvelope.of(record.headers(), "unread".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new EventEnvelope("evt_q1", "shop", "order.created", "o-1"));
    }

    @Test
    void writes_a_body_that_is_no_cloud_event_as_it_is_without_headers_instead_of_failing_the_rule() throws Exception {
        byte[] replaced = "a rule's own format".getBytes(StandardCharsets.UTF_8);

        ConsumerRecord<String, byte[]> record = writeThroughARule(replaced);

        assertThat(record.value()).isEqualTo(replaced);
        assertThat(record.headers().lastHeader(EventEnvelope.TYPE_HEADER)).isNull();
    }

    @Test
    void never_writes_an_agents_answer_back_to_the_destination_that_gave_it_but_writes_it_to_any_other() throws Exception {
        String agent = "agent-" + UUID.randomUUID();
        byte[] answer = ("{\"specversion\":\"1.0\",\"id\":\"wh_1.response\",\"source\":\"" + agent + "\","
                + "\"type\":\"agent.response.completed\",\"subject\":\"o-1\",\"data\":{}}")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(writeThroughARule(answer, agent)).isEmpty();
        assertThat(writeThroughARule(answer, "crm-" + UUID.randomUUID())).hasSize(1);
        // a provider's event whose source happens to be named like the destination is routed as usual
        byte[] providerEvent = ("{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"" + agent + "\","
                + "\"type\":\"order.created\",\"data\":{}}").getBytes(StandardCharsets.UTF_8);
        assertThat(writeThroughARule(providerEvent, agent)).hasSize(1);
    }

    /** Sends {@code body} through a route that ends in a queue endpoint (outside a dispatch batch: it waits for the ack). */
    private static ConsumerRecord<String, byte[]> writeThroughARule(byte[] body) throws Exception {
        List<ConsumerRecord<String, byte[]>> records = writeThroughARule(body, "queue-test-" + UUID.randomUUID());
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    /** What a rule writing {@code body} to {@code destination}'s queue leaves in that queue. */
    private static List<ConsumerRecord<String, byte[]>> writeThroughARule(byte[] body, String destination)
            throws Exception {
        Properties properties = new Properties();
        properties.put("camel.component.kafka.brokers", TestKafka.bootstrapServers());
        properties.put("hooklane.topic.deliveries-prefix", "hooklane.deliver.");
        properties.put("hooklane.topic.partitions", "1");
        properties.put("hooklane.topic.replication-factor", "1");
        properties.put("hooklane.ingest.max-body-size", "5242880");
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setInitialProperties(properties);
            context.addComponent("hooklane-queue", new QueueComponent());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:rule").to("hooklane-queue:" + destination);
                }
            });
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            template.sendBody("direct:rule", body);
            return EventTopic.readAll(TestKafka.bootstrapServers(), "hooklane.deliver." + destination);
        }
    }
}
