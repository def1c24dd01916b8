package io.hooklane.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.testing.SignedWebhook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What can be checked of docker/ without a Docker engine: the compose file parses and its services, ports,
 * health checks and dependencies agree with the Prometheus and Grafana configs, and every metric a dashboard panel
 * queries exists in a live scrape of a gateway after real traffic.
 */
class DockerAssetsTest {

    private static final Path DOCKER = Path.of("docker");
    private static final Pattern METRIC = Pattern.compile("\\bhooklane_[a-z0-9_]+");
    private static TestReceiver receiver;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        receiver = new TestReceiver();
        gateway = TestGateway.start(TestKafka.bootstrapServers(), TestGateway.fastDelivery(receiver));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        receiver.close();
    }

    @Test
    void compose_runs_kafka_hooklane_prometheus_and_grafana_started_in_health_order() {
        Map<String, Object> services = map(compose().get("services"));

        assertThat(services).containsOnlyKeys("kafka", "hooklane", "prometheus", "grafana");
        services.forEach((name, service) ->
                assertThat(map(service)).as(name + " healthcheck").containsKey("healthcheck"));
        assertThat(dependsOnHealthy(services, "hooklane")).containsExactly("kafka");
        assertThat(dependsOnHealthy(services, "prometheus")).containsExactly("hooklane");
        assertThat(dependsOnHealthy(services, "grafana")).containsExactly("prometheus");
        assertThat(Files.exists(DOCKER.resolve("../.dockerignore"))).isTrue();
    }

    @Test
    void kafka_runs_in_kraft_mode_from_the_official_image_and_hooklane_points_at_it() {
        Map<String, Object> services = map(compose().get("services"));
        Map<String, Object> kafka = map(services.get("kafka"));
        Map<String, Object> kafkaEnv = map(kafka.get("environment"));
        Map<String, Object> hooklane = map(services.get("hooklane"));
        Map<String, Object> env = map(hooklane.get("environment"));

        assertThat(kafka.get("image")).isEqualTo("apache/kafka:3.9.1");
        assertThat(String.valueOf(kafkaEnv.get("KAFKA_PROCESS_ROLES"))).contains("broker").contains("controller");
        assertThat(String.valueOf(kafkaEnv.get("KAFKA_ADVERTISED_LISTENERS"))).isEqualTo("PLAINTEXT://kafka:9092");
        assertThat(String.valueOf(env.get("CAMEL_COMPONENT_KAFKA_BROKERS"))).contains("kafka:9092");
        assertThat(String.valueOf(env.get("CAMEL_SERVER_PORT"))).isEqualTo("8080");
        assertThat(list(hooklane.get("ports"))).contains("8080:8080");
        assertThat(String.valueOf(map(hooklane.get("healthcheck")).get("test")))
                .contains("http://127.0.0.1:8080/observe/health/ready");
        Map<String, Object> build = map(hooklane.get("build"));
        assertThat(build.get("dockerfile")).isEqualTo("docker/Dockerfile");
    }

    @Test
    void dockerfile_builds_with_maven_runs_on_a_jre_as_non_root_and_checks_readiness() throws IOException {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));

        assertThat(dockerfile).contains("FROM maven:3.9-eclipse-temurin-17 AS build")
                .contains("mvn -q -B package -DskipTests")
                .contains("FROM eclipse-temurin:25-jre")
                .contains("target/hooklane.jar").contains("target/lib").contains("COPY routes")
                .contains("USER 10001").contains("HEALTHCHECK").contains("/observe/health/ready")
                // the AOT cache is built in the image, with every script the training run and the start need
                .contains("COPY bin/hooklane bin/cds-archive bin/java-version /app/bin/")
                .contains("RUN /app/bin/cds-archive /app/hooklane.jar")
                .contains("ENTRYPOINT [\"/app/bin/hooklane\"]");
    }

    @Test
    void prometheus_scrapes_the_hooklane_service_port_and_metrics_path() throws IOException {
        Map<String, Object> config = map(new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(DOCKER.resolve("prometheus.yml"))));
        List<Object> jobs = list(config.get("scrape_configs"));
        Map<String, Object> job = map(jobs.get(0));
        List<Object> targets = list(map(list(job.get("static_configs")).get(0)).get("targets"));

        assertThat(jobs).hasSize(1);
        assertThat(job.get("metrics_path")).isEqualTo("/observe/metrics");
        assertThat(targets).containsExactly("hooklane:8080");
        // the target is the compose service and the port the gateway listens on in it
        Map<String, Object> services = map(compose().get("services"));
        assertThat(services).containsKey("hooklane");
        assertThat(list(map(services.get("hooklane")).get("ports"))).contains("8080:8080");
        // and the path is really where the gateway serves metrics
        assertThat(gateway.send(gateway.request("/observe/metrics").GET().build()).statusCode()).isEqualTo(200);
        // Grafana's datasource is the Prometheus service
        Map<String, Object> datasources = map(new Load(LoadSettings.builder().build()).loadFromString(
                Files.readString(DOCKER.resolve("grafana/provisioning/datasources/prometheus.yaml"))));
        Map<String, Object> datasource = map(list(datasources.get("datasources")).get(0));
        assertThat(datasource.get("url")).isEqualTo("http://prometheus:9090");
        assertThat(list(map(services.get("prometheus")).get("ports"))).contains("9090:9090");
    }

    @Test
    void every_metric_a_dashboard_panel_queries_exists_in_a_live_scrape_after_traffic() throws IOException {
        JsonNode dashboard = EventTopic.json(Files.readAllBytes(DOCKER.resolve("grafana/dashboards/hooklane.json")));
        Set<String> queried = new TreeSet<>();
        List<String> expressions = new ArrayList<>();
        collectExpressions(dashboard, expressions);
        expressions.forEach(expr -> {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                queried.add(m.group());
            }
        });
        assertThat(queried).contains("hooklane_webhooks_accepted_total", "hooklane_deliveries_succeeded_total",
                "hooklane_delivery_duration_seconds_bucket", "hooklane_circuit_breaker_state",
                "hooklane_destination_waiting_events", "hooklane_deliveries_dead_lettered_total",
                "hooklane_destination_unreachable");
        // the uid the panels use is the provisioned datasource's
        assertThat(dashboard.findValues("uid").stream().map(JsonNode::asText).filter(u -> !u.equals("hooklane")))
                .containsOnly("prometheus");

        generateEveryKindOfTraffic();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(MetricsScrape.of(gateway).names()).containsAll(queried));
    }

    private static void generateEveryKindOfTraffic() {
        AtomicInteger pricing = new AtomicInteger();
        receiver.answer("pricing", r -> TestReceiver.Answer.of(pricing.incrementAndGet() == 1 ? 500 : 200));
        receiver.answer("recommendations-agent", r -> TestReceiver.Answer.of(400));
        try {
            SignedWebhook.Request once = gateway.signed("stripe").event("payment.failed").build();
            String accepted = DeliveryEndToEndTest.accepted(gateway, once);
            assertThat(gateway.post(once).statusCode()).isEqualTo(200);
            assertThat(gateway.post(gateway.signed("stripe").event("payment.failed").tamperedBody().build())
                    .statusCode()).isEqualTo(401);
            String retried = DeliveryEndToEndTest.accepted(gateway,
                    gateway.signed("standard").event("inventory.updated").build());
            String refused = DeliveryEndToEndTest.accepted(gateway,
                    gateway.signed("standard").event("order.created").build());
            DeliveryEndToEndTest.accepted(gateway, gateway.signed("generic")
                    .withBody("{\"event\":\"loyalty.points_added\",\"data\":{\"id\":\"c1\"}}").build());
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.forEvent(accepted).size() == 2
                    && receiver.forEvent(retried).size() == 2 && receiver.forEvent(refused).size() == 2);
        } finally {
            receiver.answer("pricing", r -> TestReceiver.Answer.of(200));
            receiver.answer("recommendations-agent", r -> TestReceiver.Answer.of(200));
        }
    }

    private static void collectExpressions(JsonNode node, List<String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("expr")) {
                    into.add(e.getValue().asText());
                } else {
                    collectExpressions(e.getValue(), into);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectExpressions(n, into));
        }
    }

    private static List<String> dependsOnHealthy(Map<String, Object> services, String service) {
        Map<String, Object> dependsOn = map(map(services.get(service)).get("depends_on"));
        dependsOn.values().forEach(d -> assertThat(map(d).get("condition")).isEqualTo("service_healthy"));
        return List.copyOf(dependsOn.keySet());
    }

    private static Map<String, Object> compose() {
        try {
            return map(new Load(LoadSettings.builder().build())
                    .loadFromString(Files.readString(DOCKER.resolve("compose.yaml"))));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }
}
