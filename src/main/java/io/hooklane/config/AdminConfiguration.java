package io.hooklane.config;

import io.hooklane.admin.AdminErrorResponder;
import io.hooklane.admin.AdminGuard;
import io.hooklane.admin.AdminHandler;
import io.hooklane.admin.AdminService;
import io.hooklane.admin.AdminToken;
import io.hooklane.admin.DeadLetterTopics;
import io.hooklane.admin.FailedAuthLimiter;
import io.hooklane.control.ClusterPauses;
import io.hooklane.deliver.DeliveryRegistry;
import io.hooklane.ingest.security.ClientAddressResolver;
import io.hooklane.ingest.security.ForwardingHeader;
import io.hooklane.kafka.KafkaConnection;
import io.hooklane.kafka.RecordLimits;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/** The admin API's beans (routes/admin.camel.yaml). */
public class AdminConfiguration implements CamelConfiguration {

    /** HOOKLANE_ADMIN_TOKEN, else HOOKLANE_ADMIN_TOKEN_FILE; without one the admin API answers 404 to everything. */
    @BindToRegistry("adminToken")
    public AdminToken adminToken(CamelContext context) {
        AdminToken token = AdminToken.resolve(
                key -> context.getPropertiesComponent().resolveProperty(key).orElse(null));
        if (!token.enabled()) {
            org.slf4j.LoggerFactory.getLogger(HooklaneConfiguration.class)
                    .info("Admin API off: no HOOKLANE_ADMIN_TOKEN (or HOOKLANE_ADMIN_TOKEN_FILE) configured");
        }
        return token;
    }

    /** Dead-letter reads and replays with plain kafka-clients; closed when Camel stops. */
    @BindToRegistry("adminDeadLetterTopics")
    public DeadLetterTopics adminDeadLetterTopics(CamelContext context,
            @PropertyInject("hooklane.admin.kafka-timeout-millis") long timeoutMillis,
            @PropertyInject("hooklane.admin.replay-max-per-call") int maxPerCall,
            @PropertyInject("hooklane.topic.dead-letter-state") String stateTopic) throws Exception {
        DeadLetterTopics topics = new DeadLetterTopics(KafkaConnection.of(context),
                java.time.Duration.ofMillis(timeoutMillis), maxPerCall, RecordLimits.of(context).deadLetterBytes(),
                stateTopic);
        context.addService(new org.apache.camel.support.service.ServiceSupport() {
            @Override
            protected void doStop() {
                topics.close();
            }
        }, true, true);
        return topics;
    }

    @BindToRegistry(value = "adminService", lazy = true)
    public AdminService adminService(@BeanInject(DeliveryRegistry.NAME) DeliveryRegistry registry,
            @BeanInject("adminDeadLetterTopics") DeadLetterTopics topics,
            @BeanInject("clusterPauses") ClusterPauses pauses,
            @BeanInject("hooklaneMetrics") io.hooklane.metrics.HooklaneMetrics metrics) {
        return new AdminService(registry, topics, pauses, metrics);
    }

    /** Failed admin authentications per client address: after the limit, 429 until one is allowed back. */
    @BindToRegistry("adminFailedAuth")
    public FailedAuthLimiter adminFailedAuth(@PropertyInject("hooklane.admin.failed-auth-limit") int limit,
            @PropertyInject("hooklane.admin.failed-auth-refill-seconds") long refillSeconds) {
        return new FailedAuthLimiter(limit, java.time.Duration.ofSeconds(refillSeconds));
    }

    @BindToRegistry(value = "adminGuard", lazy = true)
    public AdminGuard adminGuard(CamelContext context, @BeanInject("adminToken") AdminToken token,
            @BeanInject("adminFailedAuth") FailedAuthLimiter failures) {
        var properties = context.getPropertiesComponent();
        return new AdminGuard(token, failures, ClientAddressResolver.trusting(
                properties.resolveProperty("hooklane.ingest.trusted-proxies").orElse(""),
                ForwardingHeader.fromSetting(properties.resolveProperty(ForwardingHeader.SETTING).orElse(""))));
    }

    @BindToRegistry("adminErrorResponder")
    public AdminErrorResponder adminErrorResponder() {
        return new AdminErrorResponder();
    }

    @BindToRegistry(value = "adminDestinations", lazy = true)
    public AdminHandler adminDestinations(@BeanInject("adminService") AdminService s) {
        return new AdminHandler(s, AdminHandler.Operation.DESTINATIONS);
    }

    @BindToRegistry(value = "adminPause", lazy = true)
    public AdminHandler adminPause(@BeanInject("adminService") AdminService s) {
        return new AdminHandler(s, AdminHandler.Operation.PAUSE);
    }

    @BindToRegistry(value = "adminResume", lazy = true)
    public AdminHandler adminResume(@BeanInject("adminService") AdminService s) {
        return new AdminHandler(s, AdminHandler.Operation.RESUME);
    }

    @BindToRegistry(value = "adminDeadLetters", lazy = true)
    public AdminHandler adminDeadLetters(@BeanInject("adminService") AdminService s) {
        return new AdminHandler(s, AdminHandler.Operation.DEAD_LETTERS);
    }

    @BindToRegistry(value = "adminReplay", lazy = true)
    public AdminHandler adminReplay(@BeanInject("adminService") AdminService s) {
        return new AdminHandler(s, AdminHandler.Operation.REPLAY);
    }

    @BindToRegistry(value = "adminDiscard", lazy = true)
    public AdminHandler adminDiscard(@BeanInject("adminService") AdminService s) {
        return new AdminHandler(s, AdminHandler.Operation.DISCARD);
    }

    @BindToRegistry(value = "adminRoutingDeadLetterService", lazy = true)
    public io.hooklane.admin.RoutingDeadLetterService adminRoutingDeadLetterService(
            @BeanInject("adminDeadLetterTopics") DeadLetterTopics topics,
            @PropertyInject("hooklane.topic.routing-dead-letters") String deadLetterTopic,
            @PropertyInject("hooklane.topic.events") String eventsTopic) {
        return new io.hooklane.admin.RoutingDeadLetterService(topics, deadLetterTopic, eventsTopic);
    }

    @BindToRegistry(value = "adminRoutingDeadLetters", lazy = true)
    public io.hooklane.admin.RoutingDeadLetterHandler adminRoutingDeadLetters(
            @BeanInject("adminRoutingDeadLetterService") io.hooklane.admin.RoutingDeadLetterService s) {
        return new io.hooklane.admin.RoutingDeadLetterHandler(s, io.hooklane.admin.RoutingDeadLetterHandler.Operation.LIST);
    }

    @BindToRegistry(value = "adminRoutingReplay", lazy = true)
    public io.hooklane.admin.RoutingDeadLetterHandler adminRoutingReplay(
            @BeanInject("adminRoutingDeadLetterService") io.hooklane.admin.RoutingDeadLetterService s) {
        return new io.hooklane.admin.RoutingDeadLetterHandler(s,
                io.hooklane.admin.RoutingDeadLetterHandler.Operation.REPLAY);
    }

    @BindToRegistry(value = "adminRoutingDiscard", lazy = true)
    public io.hooklane.admin.RoutingDeadLetterHandler adminRoutingDiscard(
            @BeanInject("adminRoutingDeadLetterService") io.hooklane.admin.RoutingDeadLetterService s) {
        return new io.hooklane.admin.RoutingDeadLetterHandler(s,
                io.hooklane.admin.RoutingDeadLetterHandler.Operation.DISCARD);
    }
}
