package io.hooklane.e2e;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import io.hooklane.Gateway;
import io.hooklane.config.DemoSecrets;
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
