package io.hooklane.dispatch;

import java.util.Set;

import io.hooklane.kafka.RecordLimits;
import io.hooklane.kafka.Topics;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** One destination's delivery queue as a routing rule writes to it. */
public final class QueueEndpoint extends DefaultEndpoint {

    private final QueueComponent component;
    private final String destination;
    private String topic;

    QueueEndpoint(String uri, QueueComponent component, String destination) {
        super(uri, component);
        if (!destination.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("hooklane-queue: destination name must be kebab-case (a-z, 0-9, -) but was '"
                    + destination + "'");
        }
        if (destination.equals("routing")) {
            // <dead-letter-prefix>routing is the routing dead-letter topic; bin/admin names it "routing" too
            throw new IllegalArgumentException("hooklane-queue: the destination name 'routing' is reserved");
        }
        this.component = component;
        this.destination = destination;
    }

    @Override
    public Producer createProducer() {
        return new QueueProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("hooklane-queue endpoints only write; destinations read with hooklane-delivery:");
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        CamelContext context = getCamelContext();
        topic = context.resolvePropertyPlaceholders("{{hooklane.topic.deliveries-prefix}}") + destination;
        // a rule may write to a destination no instance of this tier delivers yet: its queue must exist all the same
        // (the embedded broker does not create topics on first write)
        Topics.ensureForRecords(io.hooklane.kafka.KafkaConnection.of(context), Set.of(topic),
                Integer.parseInt(context.resolvePropertyPlaceholders("{{hooklane.topic.partitions}}")),
                Short.parseShort(context.resolvePropertyPlaceholders("{{hooklane.topic.replication-factor}}")),
                RecordLimits.of(context).eventBytes());
    }

    String topic() {
        return topic;
    }

    org.apache.kafka.clients.producer.Producer<byte[], byte[]> kafka() {
        return component.producer();
    }

    public String getDestination() {
        return destination;
    }
}
