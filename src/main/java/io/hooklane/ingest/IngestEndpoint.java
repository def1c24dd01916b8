package io.hooklane.ingest;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** One webhook source's HTTP entry point; {@code gate} is the source's {@link WebhookSourceProcessor}. */
public final class IngestEndpoint extends DefaultEndpoint {

    public static final String PATH_PREFIX = "/webhooks/";

    private final String source;
    private WebhookSourceProcessor gate;

    IngestEndpoint(String uri, IngestComponent component, String source) {
        super(uri, component);
        if (!source.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw new IllegalArgumentException("webhook source name must be letters, digits, '.', '_' or '-' but was '"
                    + source + "'");
        }
        this.source = source;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("hooklane-ingest endpoints only consume");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (gate == null) {
            throw new IllegalArgumentException("hooklane-ingest:" + source + " needs gate=#<webhook source bean>");
        }
        if (!source.equals(gate.source())) {
            throw new IllegalArgumentException("hooklane-ingest:" + source + " is given the gate of source '"
                    + gate.source() + "'");
        }
        Consumer consumer = new IngestConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    public String getSource() { return source; }
    public String getPath() { return PATH_PREFIX + source; }
    public WebhookSourceProcessor getGate() { return gate; }
    public void setGate(WebhookSourceProcessor gate) { this.gate = gate; }
}
