package io.hooklane.e2e;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.hooklane.App;
import io.hooklane.Gateway;
import io.hooklane.config.DemoSecrets;
import io.hooklane.deliver.DestinationCredentials;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start-up fails loudly, naming what is wrong, instead of running half-alive. */
class StartupTest {

    @Test
    void refuses_to_start_when_the_port_is_taken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Map<String, String> config = TestGateway.defaults(TestKafka.bootstrapServers(), taken.getLocalPort());

            assertThatThrownBy(() -> Gateway.create(config))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("CAMEL_SERVER_PORT");
        }
    }

    @Test
    void prod_profile_refuses_to_start_while_a_source_has_no_secret() {
        Map<String, String> config = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(), TestGateway.freePort()));
        config.put("camel.main.profile", "prod");
        config.remove("PADDLE_WEBHOOK_SECRET");

        assertThatThrownBy(() -> Gateway.create(config).start().close())
                .satisfies(e -> assertThat(rootMessage(e)).contains("paddle").contains("PADDLE_WEBHOOK_SECRET"));
    }

    @Test
    void prod_profile_refuses_to_start_with_a_demo_secret() {
        Map<String, String> config = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(), TestGateway.freePort()));
        config.put("camel.main.profile", "prod");
        config.put("SHOPIFY_WEBHOOK_SECRET", DemoSecrets.forSource("shopify", "shopify"));

        assertThatThrownBy(() -> Gateway.create(config).start().close())
                .satisfies(e -> assertThat(rootMessage(e)).contains("shopify").contains("demo")
                        .doesNotContain(DemoSecrets.forSource("shopify", "shopify")));
    }

    @Test
    void prod_profile_refuses_to_start_with_the_acp_demo_secret() {
        Map<String, String> config = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(), TestGateway.freePort()));
        config.put("camel.main.profile", "prod");
        config.put("ACP_WEBHOOK_SECRET", DemoSecrets.forSource("acp", "acp"));

        assertThatThrownBy(() -> Gateway.create(config).start().close())
                .satisfies(e -> assertThat(rootMessage(e)).contains("acp").contains("demo")
                        .contains("ACP_WEBHOOK_SECRET").doesNotContain(DemoSecrets.forSource("acp", "acp")));
    }

    @Test
    void refuses_to_start_with_an_unusable_generic_field_path_naming_the_source_parameter_and_value() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(java.nio.file.Path.of("target"), "routes-");
        java.nio.file.Files.writeString(dir.resolve("bad.camel.yaml"), """
                - templatedRoute:
                    routeTemplateRef: webhook-source
                    routeId: ingest-badfields
                    parameters:
                      - { name: source, value: badfields }
                      - { name: scheme, value: generic }
                      - { name: secretKey, value: BADFIELDS_SECRET }
                      - { name: header, value: X-Sig }
                      - { name: timestampField, value: "meta..sent_at" }
                """);
        Map<String, String> config = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(), TestGateway.freePort()));
        config.put("camel.main.routes-include-pattern",
                "file:routes/ingest.camel.yaml,file:" + dir.toAbsolutePath() + "/bad.camel.yaml");

        assertThatThrownBy(() -> Gateway.create(config).start().close())
                .satisfies(e -> assertThat(rootMessage(e)).contains("badfields").contains("timestampField")
                        .contains("'meta..sent_at'"));
    }

    @Test
    void refuses_to_start_with_generic_field_paths_on_another_scheme() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(java.nio.file.Path.of("target"), "routes-");
        java.nio.file.Files.writeString(dir.resolve("fields.camel.yaml"), """
                - templatedRoute:
                    routeTemplateRef: webhook-source
                    routeId: ingest-stripefields
                    parameters:
                      - { name: source, value: stripefields }
                      - { name: scheme, value: stripe }
                      - { name: secretKey, value: STRIPEFIELDS_SECRET }
                      - { name: subjectField, value: data.object.customer }
                """);
        Map<String, String> config = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(), TestGateway.freePort()));
        config.put("camel.main.routes-include-pattern",
                "file:routes/ingest.camel.yaml,file:" + dir.toAbsolutePath() + "/fields.camel.yaml");

        assertThatThrownBy(() -> Gateway.create(config).start().close())
                .satisfies(e -> assertThat(rootMessage(e)).contains("stripefields").contains("generic scheme only")
                        .contains("'stripe'"));
    }

    @Test
    void prod_profile_names_every_missing_secret_and_url_in_one_refusal() {
        Map<String, String> config = prod();
        for (String key : new String[] {"STRIPE_WEBHOOK_SECRET", "SHOPIFY_WEBHOOK_SECRET", "PADDLE_WEBHOOK_SECRET",
                "SQUARE_WEBHOOK_SIGNATURE_KEY", "CRM_URL", "PRICING_URL", "SUPPORT_AGENT_URL",
                "RECOMMENDATIONS_AGENT_URL", "HOOKLANE_SIGNING_SECRET"}) {
            config.remove(key);
        }
        // three destinations have their own signing secret; crm has none, and no global one is set
        config.put("PRICING_SIGNING_SECRET", TestGateway.SIGNING_SECRET);
        config.put("SUPPORT_AGENT_SIGNING_SECRET", TestGateway.SIGNING_SECRET);
        config.put("RECOMMENDATIONS_AGENT_SIGNING_SECRET", TestGateway.SIGNING_SECRET);

        assertThatThrownBy(() -> Gateway.create(config).start().close())
                .satisfies(e -> {
                    String refusal = App.configurationProblem(e);
                    String summary = refusal.lines().findFirst().orElseThrow();
                    assertThat(summary).startsWith("prod profile: set ").contains("STRIPE_WEBHOOK_SECRET",
                            "SHOPIFY_WEBHOOK_SECRET", "PADDLE_WEBHOOK_SECRET", "SQUARE_WEBHOOK_SIGNATURE_KEY",
                            "CRM_URL", "PRICING_URL", "SUPPORT_AGENT_URL", "RECOMMENDATIONS_AGENT_URL",
                            "CRM_SIGNING_SECRET or HOOKLANE_SIGNING_SECRET");
                    assertThat(summary).doesNotContain("GITHUB_WEBHOOK_SECRET", "PRICING_SIGNING_SECRET");
                    // one line per problem under the summary
                    assertThat(refusal.lines().filter(l -> l.startsWith("  - "))).hasSize(9);
                });
    }

    @Test
    void prod_profile_refuses_to_start_without_a_kafka_cluster() {
        Map<String, String> config = new HashMap<>(TestGateway.defaults(null, TestGateway.freePort()));
        config.put("camel.main.profile", "prod");

        assertThatThrownBy(() -> Gateway.create(config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CAMEL_COMPONENT_KAFKA_BROKERS");
        // refused before the embedded broker could start
        assertThat(Path.of(config.get("hooklane.data-dir"), "kafka")).doesNotExist();
    }

    @Test
    void prod_profile_without_a_kafka_cluster_names_the_other_missing_settings_in_the_same_refusal() {
        Map<String, String> config = new HashMap<>(TestGateway.defaults(null, TestGateway.freePort()));
        config.put("camel.main.profile", "prod");
        config.remove("STRIPE_WEBHOOK_SECRET");
        config.remove("HOOKLANE_SIGNING_SECRET");
        config.put("CRM_URL", "https://crm.example/hooks");

        assertThatThrownBy(() -> Gateway.create(config))
                .isInstanceOf(IllegalStateException.class)
                .satisfies(e -> {
                    String summary = e.getMessage().lines().findFirst().orElseThrow();
                    assertThat(summary).startsWith("prod profile: set CAMEL_COMPONENT_KAFKA_BROKERS").contains(
                            "STRIPE_WEBHOOK_SECRET (or STRIPE_WEBHOOK_SECRET_FILE)", "PRICING_URL",
                            "SUPPORT_AGENT_URL", "RECOMMENDATIONS_AGENT_URL",
                            "CRM_SIGNING_SECRET or HOOKLANE_SIGNING_SECRET");
                    assertThat(summary).doesNotContain("CRM_URL", "SHOPIFY_WEBHOOK_SECRET", "UCP_TRUSTED_PROFILES");
                });
        assertThat(Path.of(config.get("hooklane.data-dir"), "kafka")).doesNotExist();
    }

    @Test
    void prod_profile_refuses_a_destination_with_the_demo_signing_secret_in_the_same_message_as_a_source() {
        Map<String, String> config = prod();
        config.put("CRM_SIGNING_SECRET", DestinationCredentials.DEMO_SIGNING_SECRET);
        config.remove("STRIPE_WEBHOOK_SECRET");

        assertThatThrownBy(() -> Gateway.create(config).start().close())
                .satisfies(e -> assertThat(App.configurationProblem(e)).contains("destination 'crm'", "demo",
                                "CRM_SIGNING_SECRET", "STRIPE_WEBHOOK_SECRET")
                        .doesNotContain(DestinationCredentials.DEMO_SIGNING_SECRET)
                        .doesNotContain("PRICING_SIGNING_SECRET"));
    }

    @Test
    void prod_profile_starts_with_every_source_and_destination_configured() {
        try (TestReceiver receiver = new TestReceiver();
             TestGateway gateway = TestGateway.startWith(prod(receiver))) {
            HttpResponse<String> response = gateway.post(gateway.signed("stripe").event("payment.failed").build());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        }
    }

    /** The prod profile with every source secret, the test signing secret and every destination URL set. */
    static Map<String, String> prod(TestReceiver receiver) {
        Map<String, String> config = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(),
                TestGateway.freePort()));
        config.put("camel.main.profile", "prod");
        config.putAll(TestGateway.fastDelivery(receiver));
        return config;
    }

    /** As {@link #prod(TestReceiver)}, for a gateway refused before it delivers: the URLs are never called. */
    private static Map<String, String> prod() {
        Map<String, String> config = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(),
                TestGateway.freePort()));
        config.put("camel.main.profile", "prod");
        for (String name : new String[] {"CRM", "PRICING", "SUPPORT_AGENT", "RECOMMENDATIONS_AGENT"}) {
            config.put(name + "_URL", "http://127.0.0.1:9/" + name.toLowerCase(java.util.Locale.ROOT));
        }
        return config;
    }

    @Test
    void refuses_to_start_with_an_unknown_client_address_header() {
        Map<String, String> config = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(), TestGateway.freePort()));
        config.put("hooklane.ingest.client-address-header", "X-Real-IP");

        assertThatThrownBy(() -> Gateway.create(config).start().close())
                .satisfies(e -> assertThat(rootMessage(e)).contains("hooklane.ingest.client-address-header")
                        .contains("'X-Real-IP'"));
    }

    static String rootMessage(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
