package io.hooklane.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hooklane.e2e.TestGateway;
import io.hooklane.e2e.TestKafka;
import io.hooklane.e2e.TestReceiver;

/**
 * A gateway JVM ({@link GatewayProcess}) whose support agent is switched by its environment alone to another protocol
 * ({@code SUPPORT_AGENT_PROTOCOL}, {@code SUPPORT_AGENT_URL}), with the CRM on a {@link TestReceiver}: what the tests
 * that kill it with SIGKILL while the agent holds its events share. A restart keeps everything (port, topics, consumer
 * groups, data directory), as an operator's restart of the same instance would.
 */
public final class AgentKillRestart implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** About 7 s on a quiet 2-core machine; far more when other builds share the cores. */
    private static final Duration READY = Duration.ofSeconds(180);

    private final String name;
    private final Map<String, String> config;
    private final TestReceiver crm = new TestReceiver();
    private final List<GatewayProcess> started = new ArrayList<>();
    private final List<Duration> readyAfter = new ArrayList<>();
    private GatewayProcess gateway;
    private int runs;

    private AgentKillRestart(String name, Map<String, String> config) {
        this.name = name;
        this.config = config;
    }

    /**
     * Starts the gateway and waits until it is ready. The agent's attempts may take up to 60 s (nothing times out
     * while the test holds the agent); the broker moves a killed instance's partitions after 6 s, its minimum; no
     * ingest warm-up.
     */
    public static AgentKillRestart start(String name, String protocol, String agentUrl) {
        Map<String, String> config = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(),
                TestGateway.freePort()));
        AgentKillRestart run = new AgentKillRestart(name, config);
        try {
            config.putAll(TestGateway.fastDelivery(run.crm));
            config.put("SUPPORT_AGENT_PROTOCOL", protocol);
            config.put("SUPPORT_AGENT_URL", agentUrl);
            config.put("hooklane.delivery.timeout-millis", "60000");
            config.put("hooklane.kafka.session-timeout-ms", "6000");
            // what is measured is the agent's events across the kill, not the ingest path's first requests
            config.put("hooklane.warmup.webhooks", "0");
            run.startProcess();
            return run;
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }

    /** Posts {@code count} signed Stripe {@code payment.failed} webhooks; the ids of the events answered 202. */
    public List<String> acceptPaymentsFailed(int count) {
        List<String> accepted = new ArrayList<>();
        TestGateway client = gateway.client();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> answer = client.post(client.signed("stripe").event("payment.failed").build());
            if (answer.statusCode() != 202) {
                throw new AssertionError("webhook " + i + " was answered " + answer.statusCode() + ": "
                        + answer.body());
            }
            accepted.add(json(answer.body().getBytes(StandardCharsets.UTF_8)).path("id").asText());
        }
        return accepted;
    }

    /** SIGKILL, as {@code kill -9}; the exit status (137). */
    public int kill9() {
        return gateway.kill9();
    }

    /** A new gateway JVM with the same configuration, on the same broker, ready. */
    public void restart() {
        startProcess();
    }

    /** For each gateway JVM started so far, how long it took from its start to its first ready answer. */
    public List<Duration> readyAfter() {
        return List.copyOf(readyAfter);
    }

    /** The {@code agent.response.*} events the CRM received (2xx or not), by their {@code causationid}. */
    public Map<String, List<JsonNode>> agentResponsesAtCrm() {
        Map<String, List<JsonNode>> byCause = new LinkedHashMap<>();
        for (TestReceiver.Received received : crm.forDestination("crm")) {
            JsonNode event = json(received.body());
            if (event.path("type").asText().startsWith("agent.response.")) {
                byCause.computeIfAbsent(event.path("causationid").asText(), k -> new ArrayList<>()).add(event);
            }
        }
        return byCause;
    }

    /** The gateway's log file of the current run. */
    public String log() {
        return "target/faults/" + name + "-" + (runs - 1) + ".log";
    }

    private void startProcess() {
        long from = System.nanoTime();
        gateway = GatewayProcess.start(config, name + "-" + runs++);
        started.add(gateway);
        gateway.awaitReady(READY);
        readyAfter.add(Duration.ofNanos(System.nanoTime() - from));
    }

    /** Seconds since {@code fromNanos}, one decimal, e.g. {@code 7.3 s}. */
    public static String since(long fromNanos) {
        return seconds(Duration.ofNanos(System.nanoTime() - fromNanos));
    }

    /** One decimal, e.g. {@code 7.3 s}. */
    public static String seconds(Duration duration) {
        return Scenarios.seconds(duration);
    }

    private static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    @Override
    public void close() {
        started.forEach(GatewayProcess::close);
        crm.close();
    }
}
