package io.hooklane.config;

import java.time.Clock;
import java.util.Map;

import io.hooklane.a2a.A2aDelivery;
import io.hooklane.a2a.A2aPushReceiver;
import io.hooklane.a2a.A2aSettings;
import io.hooklane.agent.mcp.McpDelivery;
import io.hooklane.agent.mcp.McpDestinations;
import io.hooklane.deliver.DestinationCredentials;
import io.hooklane.kafka.KafkaConnection;
import io.hooklane.kafka.RecordLimits;
import io.hooklane.metrics.HooklaneMetrics;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/** Agents' beans: what they decide becomes events, and the protocols they are reached by (MCP, A2A). */
public class AgentConfiguration implements CamelConfiguration {

    /**
     * What agents decide, written to the inbound events topic for the routing rules (acks=all, idempotent, bounded
     * like the ingest producer); closed when Camel stops.
     */
    @BindToRegistry(value = "agentResponses", lazy = true)
    public io.hooklane.agent.AgentResponses agentResponses(CamelContext context,
            @BeanInject("hooklaneMetrics") HooklaneMetrics metrics,
            @PropertyInject(io.hooklane.agent.AgentResponses.MAX_HOPS_KEY) int maxHops,
            @PropertyInject("hooklane.topic.events") String eventsTopic) throws Exception {
        RecordLimits limits = RecordLimits.of(context);
        Map<String, Object> settings = new java.util.HashMap<>();
        settings.put("acks", "all");
        settings.put("enable.idempotence", "true");
        settings.put("max.request.size", limits.eventBytes());
        settings.put("max.block.ms", context.resolvePropertyPlaceholders("{{camel.component.kafka.max-block-ms}}"));
        settings.put("request.timeout.ms", context.resolvePropertyPlaceholders("{{camel.component.kafka.request-timeout-ms}}"));
        settings.put("delivery.timeout.ms", context.resolvePropertyPlaceholders("{{camel.component.kafka.delivery-timeout-ms}}"));
        settings.put("client.id", "hooklane-agent-responses");
        org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> producer =
                new org.apache.kafka.clients.producer.KafkaProducer<>(KafkaConnection.of(context).producerConfig(settings),
                        new org.apache.kafka.common.serialization.ByteArraySerializer(),
                        new org.apache.kafka.common.serialization.ByteArraySerializer());
        context.addService(new org.apache.camel.support.service.ServiceSupport() {
            @Override
            protected void doStop() {
                producer.close(java.time.Duration.ofSeconds(5));
            }
        }, true, true);
        return new io.hooklane.agent.AgentResponses(producer, eventsTopic, maxHops, limits.eventBytes(),
                Clock.systemUTC(), metrics.registry());
    }

    /**
     * The delivery step of {@code mcp} destinations (one tool call per attempt; see README, "Agents over MCP"). One
     * bean serves every such destination: it reads the destination from the attempt.
     */
    @BindToRegistry(value = "mcpDelivery", lazy = true)
    public McpDelivery mcpDelivery(CamelContext context,
            @BeanInject("destinationCredentials") DestinationCredentials credentials, @BeanInject("clock") Clock clock,
            @BeanInject("hooklaneMetrics") HooklaneMetrics metrics,
            @PropertyInject("hooklane.delivery.timeout-millis") long timeoutMillis,
            @PropertyInject("hooklane.mcp.max-response-bytes") long maxResponseBytes,
            @PropertyInject("hooklane.mcp.client-threads") int threads) {
        if (maxResponseBytes < 1024 || threads < 1 || timeoutMillis < 1) {
            throw new IllegalArgumentException("hooklane.mcp.max-response-bytes must be at least 1024 (was "
                    + maxResponseBytes + "), hooklane.mcp.client-threads at least 1 (was " + threads
                    + ") and hooklane.delivery.timeout-millis at least 1 (was " + timeoutMillis + ")");
        }
        return new McpDelivery(new McpDestinations(
                key -> context.getPropertiesComponent().resolveProperty(key).orElse(null), credentials,
                java.time.Duration.ofMillis(timeoutMillis), maxResponseBytes), threads, clock, metrics);
    }

    /** The {@code a2a} destination protocol ({@code process: ref: a2aDelivery} in a destination's route). */
    @BindToRegistry(value = "a2aDelivery", lazy = true)
    public A2aDelivery a2aDelivery(CamelContext context,
                                   @BeanInject("destinationCredentials") DestinationCredentials credentials,
                                   @BeanInject("hooklaneMetrics") HooklaneMetrics metrics,
                                   @PropertyInject("hooklane.public-url") String publicUrl,
                                   @PropertyInject("camel.server.port") int port,
                                   @PropertyInject("hooklane.a2a.call-timeout-millis") long callMillis,
                                   @PropertyInject("hooklane.a2a.task-timeout-millis") long taskMillis,
                                   @PropertyInject("hooklane.a2a.max-response-bytes") int maxResponseBytes,
                                   @PropertyInject("hooklane.a2a.card-ttl-seconds") long cardTtlSeconds,
                                   @PropertyInject("hooklane.a2a.poll-initial-millis") long pollInitialMillis,
                                   @PropertyInject("hooklane.a2a.poll-max-millis") long pollMaxMillis,
                                   @PropertyInject("hooklane.a2a.max-pending-tasks") int maxPendingTasks,
                                   @PropertyInject("hooklane.a2a.max-push-bytes") int maxPushBytes)
            throws Exception {
        A2aSettings settings = A2aSettings.of(publicUrl, port, callMillis, taskMillis, maxResponseBytes,
                cardTtlSeconds, pollInitialMillis, pollMaxMillis, maxPendingTasks, maxPushBytes);
        A2aDelivery delivery = new A2aDelivery(settings,
                key -> context.getPropertiesComponent().resolveProperty(key).orElse(null), credentials, metrics);
        metrics.a2a(delivery::waitingTasks, A2aPushReceiver.RESULTS);
        context.addService(new org.apache.camel.support.service.ServiceSupport() {
            @Override
            protected void doStop() {
                delivery.close();
            }
        }, true, true);
        return delivery;
    }

    /** {@code POST /a2a/push/{webhookId}} (routes/a2a.camel.yaml): agents' push notifications for waiting tasks. */
    @BindToRegistry(value = "a2aPushReceiver", lazy = true)
    public A2aPushReceiver a2aPushReceiver(@BeanInject("a2aDelivery") A2aDelivery delivery) {
        return new A2aPushReceiver(delivery);
    }

    /** {@code replies: true} on an {@code http} destination: its JSON answer is what the agent decided. */
    @BindToRegistry("httpAgentReply")
    public io.hooklane.agent.HttpAgentReply httpAgentReply() {
        return new io.hooklane.agent.HttpAgentReply(io.hooklane.deliver.DeliveryHttpBinding.MAX_BODY_BYTES);
    }
}
