package io.hooklane.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DestinationCredentialsTest {

    private static final String GLOBAL = secret("global-key");
    private static final String ORDERS = secret("orders-key");
    private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

    private final Map<String, String> config = new HashMap<>();

    private DestinationCredentials credentials(boolean demoAllowed) {
        return new DestinationCredentials(config::get, demoAllowed);
    }

    @Test
    void env_prefix_upper_cases_and_replaces_dashes_and_dots() {
        assertThat(DestinationCredentials.envPrefix("orders-api")).isEqualTo("ORDERS_API");
        assertThat(DestinationCredentials.envPrefix("billing.eu")).isEqualTo("BILLING_EU");
        assertThat(DestinationCredentials.envPrefix("Crm")).isEqualTo("CRM");
    }

    @Test
    void destination_secret_wins_over_the_global_secret() {
        config.put("HOOKLANE_SIGNING_SECRET", GLOBAL);
        config.put("ORDERS_API_SIGNING_SECRET", ORDERS);
        assertThat(credentials(false).signingSecret("orders-api")).isEqualTo(ORDERS);
    }

    @Test
    void destination_secret_is_the_one_that_signs() {
        config.put("HOOKLANE_SIGNING_SECRET", GLOBAL);
        config.put("ORDERS_API_SIGNING_SECRET", ORDERS);
        assertThat(credentials(false).signature("orders-api").sign("msg_1", 1L, BODY))
                .isEqualTo(new StandardWebhookSignature(ORDERS).sign("msg_1", 1L, BODY))
                .isNotEqualTo(new StandardWebhookSignature(GLOBAL).sign("msg_1", 1L, BODY));
    }

    @Test
    void falls_back_to_the_global_secret() {
        config.put("HOOKLANE_SIGNING_SECRET", GLOBAL);
        config.put("ORDERS_SIGNING_SECRET", ORDERS);
        assertThat(credentials(false).signingSecret("billing")).isEqualTo(GLOBAL);
    }

    @Test
    void blank_destination_secret_falls_back_to_the_global_secret() {
        config.put("HOOKLANE_SIGNING_SECRET", GLOBAL);
        config.put("ORDERS_SIGNING_SECRET", "   ");
        assertThat(credentials(false).signingSecret("orders")).isEqualTo(GLOBAL);
    }

    @Test
    void secret_is_trimmed() {
        config.put("ORDERS_SIGNING_SECRET", "  " + ORDERS + "\n");
        assertThat(credentials(false).signingSecret("orders")).isEqualTo(ORDERS);
    }

    @Test
    void demo_secret_is_used_when_allowed_and_nothing_is_set() {
        assertThat(credentials(true).signingSecret("orders")).isEqualTo(DestinationCredentials.DEMO_SIGNING_SECRET);
    }

    @Test
    void demo_secret_is_not_used_when_a_secret_is_set() {
        config.put("HOOKLANE_SIGNING_SECRET", GLOBAL);
        assertThat(credentials(true).signingSecret("orders")).isEqualTo(GLOBAL);
    }

    @Test
    void missing_secret_in_prod_is_refused_naming_the_keys() {
        assertThatThrownBy(() -> credentials(false).signature("orders-api"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("orders-api")
                .hasMessageContaining("ORDERS_API_SIGNING_SECRET")
                .hasMessageContaining("HOOKLANE_SIGNING_SECRET");
    }

    @Test
    void explicit_demo_secret_is_refused_in_prod_naming_the_key() {
        config.put("ORDERS_API_SIGNING_SECRET", DestinationCredentials.DEMO_SIGNING_SECRET);
        assertThatThrownBy(() -> credentials(false).signature("orders-api"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("demo")
                .hasMessageContaining("ORDERS_API_SIGNING_SECRET")
                .hasMessageNotContaining(DestinationCredentials.DEMO_SIGNING_SECRET);
    }

    @Test
    void global_demo_secret_is_refused_in_prod() {
        config.put("HOOKLANE_SIGNING_SECRET", " " + DestinationCredentials.DEMO_SIGNING_SECRET + " ");
        assertThatThrownBy(() -> credentials(false).signingSecret("orders"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ORDERS_SIGNING_SECRET");
    }

    @Test
    void demo_key_written_without_prefix_is_refused_in_prod() {
        String bare = DestinationCredentials.DEMO_SIGNING_SECRET.substring("whsec_".length());
        config.put("HOOKLANE_SIGNING_SECRET", bare);
        // the same key: it signs identically
        assertThat(new StandardWebhookSignature(bare).sign("msg_1", 1L, BODY))
                .isEqualTo(new StandardWebhookSignature(DestinationCredentials.DEMO_SIGNING_SECRET).sign("msg_1", 1L, BODY));
        assertThatThrownBy(() -> credentials(false).signature("orders"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("demo");
    }

    @Test
    void a_non_base64_secret_is_refused_without_echoing_it() {
        config.put("ORDERS_SIGNING_SECRET", "whsec_%%%leaky-secret%%%");
        assertThatThrownBy(() -> credentials(false).signature("orders"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("leaky-secret");
    }

    @Test
    void signature_is_built_once_per_destination() {
        config.put("ORDERS_SIGNING_SECRET", ORDERS);
        DestinationCredentials credentials = credentials(false);
        assertThat(credentials.signature("orders")).isSameAs(credentials.signature("orders"));
    }

    @Test
    void auth_token_is_read_per_destination_and_trimmed() {
        config.put("ORDERS_API_AUTH_TOKEN", "  t0ken\n");
        assertThat(credentials(false).authToken("orders-api")).isEqualTo("t0ken");
    }

    @Test
    void auth_token_is_empty_when_not_set_or_blank() {
        config.put("BILLING_AUTH_TOKEN", "   ");
        DestinationCredentials credentials = credentials(false);
        assertThat(credentials.authToken("orders")).isEmpty();
        assertThat(credentials.authToken("billing")).isEmpty();
    }

    @Test
    void auth_token_has_no_global_fallback() {
        config.put("HOOKLANE_AUTH_TOKEN", "global");
        assertThat(credentials(false).authToken("orders")).isEmpty();
    }

    @Test
    void to_string_hides_secrets_and_tokens() {
        config.put("ORDERS_SIGNING_SECRET", ORDERS);
        config.put("ORDERS_AUTH_TOKEN", "t0ken");
        DestinationCredentials credentials = credentials(false);
        credentials.signature("orders");
        credentials.authToken("orders");
        assertThat(credentials.toString()).doesNotContain(ORDERS).doesNotContain("t0ken");
    }

    private static String secret(String key) {
        return "whsec_" + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }
}
