package io.hooklane.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.security.auth.login.AppConfigurationEntry;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSecurityTest {

    @TempDir
    Path dir;

    private final Map<String, String> settings = new HashMap<>();

    private KafkaSecurity resolve(String... clientKeys) {
        return KafkaSecurity.resolve(settings::get, List.of(clientKeys));
    }

    private void scram(String password) {
        settings.put(KafkaSecurity.PROTOCOL, "SASL_SSL");
        settings.put(KafkaSecurity.MECHANISM, "SCRAM-SHA-512");
        settings.put(KafkaSecurity.USERNAME, "alice");
        settings.put(KafkaSecurity.PASSWORD, password);
    }

    @Test
    void without_settings_clients_stay_plaintext() {
        KafkaSecurity security = resolve();

        assertThat(security.plaintext()).isTrue();
        assertThat(security.properties(ProducerConfig.configNames())).containsExactly(
                Map.entry("security.protocol", "PLAINTEXT"));
    }

    @Test
    void builds_a_scram_login_whose_password_comes_back_intact_whatever_its_characters() {
        String password = "p\"a\\ss; word=\t}";
        scram(password);

        Map<String, Object> properties = resolve().properties(ProducerConfig.configNames());

        assertThat(properties).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism",
                "SCRAM-SHA-512");
        AppConfigurationEntry login = JaasContext.loadClientContext(Map.of("sasl.jaas.config",
                new Password((String) properties.get("sasl.jaas.config")))).configurationEntries().get(0);
        assertThat(login.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule");
        assertThat(login.getOptions().get("username")).isEqualTo("alice");
        assertThat(login.getOptions().get("password")).isEqualTo(password);
    }

    @Test
    void refuses_a_password_with_a_line_break_without_printing_it() {
        scram("first-line\nsecond-line");

        assertThatThrownBy(this::resolve).hasMessageContaining("hooklane.kafka.sasl-password")
                .hasMessageContaining("line break").hasMessageNotContaining("first-line");
    }

    @Test
    void plain_uses_the_plain_login_module() {
        scram("secret");
        settings.put(KafkaSecurity.MECHANISM, "plain");

        assertThat((String) resolve().properties(Set.of()).get("sasl.jaas.config"))
                .startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\"");
    }

    @Test
    void refuses_an_unknown_protocol_or_mechanism_naming_the_key_and_value() {
        settings.put(KafkaSecurity.PROTOCOL, "TLS");
        assertThatThrownBy(this::resolve).hasMessageContaining("hooklane.kafka.security-protocol")
                .hasMessageContaining("HOOKLANE_KAFKA_SECURITY_PROTOCOL").hasMessageContaining("'TLS'");

        scram("secret");
        settings.put(KafkaSecurity.MECHANISM, "SCRAM-SHA-1");
        assertThatThrownBy(this::resolve).hasMessageContaining("hooklane.kafka.sasl-mechanism")
                .hasMessageContaining("'SCRAM-SHA-1'");
    }

    @Test
    void refuses_sasl_without_user_or_password_naming_what_is_missing_and_never_the_password() {
        scram("the-password");
        settings.remove(KafkaSecurity.USERNAME);
        assertThatThrownBy(this::resolve).hasMessageContaining("hooklane.kafka.sasl-username")
                .hasMessageNotContaining("the-password");

        scram("x");
        settings.remove(KafkaSecurity.PASSWORD);
        assertThatThrownBy(this::resolve).hasMessageContaining("hooklane.kafka.sasl-password")
                .hasMessageContaining("HOOKLANE_KAFKA_SASL_PASSWORD_FILE");

        scram("x");
        settings.remove(KafkaSecurity.MECHANISM);
        assertThatThrownBy(this::resolve).hasMessageContaining("hooklane.kafka.sasl-mechanism");
    }

    @Test
    void refuses_sasl_settings_without_a_sasl_protocol() {
        scram("the-password");
        settings.put(KafkaSecurity.PROTOCOL, "SSL");

        assertThatThrownBy(this::resolve).hasMessageContaining("hooklane.kafka.sasl-mechanism")
                .hasMessageContaining("SSL").hasMessageNotContaining("the-password");
    }

    @Test
    void reads_secrets_from_their_file_without_the_trailing_line_break() throws Exception {
        scram(null);
        settings.remove(KafkaSecurity.PASSWORD);
        Path file = Files.writeString(dir.resolve("password"), "from-a-file\n");
        settings.put("hooklane.kafka.sasl-password-file", file.toString());

        assertThat((String) resolve().properties(Set.of()).get("sasl.jaas.config")).contains("password=\"from-a-file\";");

        settings.put("hooklane.kafka.sasl-password-file", dir.resolve("missing").toString());
        assertThatThrownBy(this::resolve).hasMessageContaining("hooklane.kafka.sasl-password-file")
                .hasMessageContaining("cannot be read");
    }

    @Test
    void takes_trust_and_key_stores_with_tls_only() throws Exception {
        Path store = Files.writeString(dir.resolve("truststore.p12"), "x");
        settings.put(KafkaSecurity.PROTOCOL, "SSL");
        settings.put(KafkaSecurity.TRUSTSTORE_LOCATION, store.toString());
        settings.put(KafkaSecurity.TRUSTSTORE_PASSWORD, "store-pass");
        settings.put(KafkaSecurity.TRUSTSTORE_TYPE, "pkcs12");

        KafkaSecurity security = resolve();
        assertThat(security.properties(Set.of())).containsEntry("ssl.truststore.location", store.toString())
                .containsEntry("ssl.truststore.password", "store-pass").containsEntry("ssl.truststore.type", "PKCS12");
        assertThat(security.toString()).contains("SSL", store.toString()).doesNotContain("store-pass");

        settings.put(KafkaSecurity.PROTOCOL, "PLAINTEXT");
        assertThatThrownBy(this::resolve).hasMessageContaining("hooklane.kafka.ssl-truststore-location")
                .hasMessageContaining("PLAINTEXT");

        settings.put(KafkaSecurity.PROTOCOL, "SSL");
        settings.put(KafkaSecurity.TRUSTSTORE_LOCATION, dir.resolve("none.p12").toString());
        assertThatThrownBy(this::resolve).hasMessageContaining("hooklane.kafka.ssl-truststore-location")
                .hasMessageContaining("none.p12");
    }

    @Test
    void passes_any_other_client_property_through_to_the_clients_that_know_it() {
        settings.put(KafkaSecurity.PROTOCOL, "SASL_SSL");
        settings.put(KafkaSecurity.MECHANISM, "OAUTHBEARER");
        settings.put("hooklane.kafka.client.sasl.jaas.config",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;");
        settings.put("hooklane.kafka.client.sasl.oauthbearer.token.endpoint.url", "https://idp.example/token");
        settings.put("hooklane.kafka.client.linger.ms", "20");
        settings.put("hooklane.kafka.client.some.plugin.option", "on");

        KafkaSecurity security = resolve("sasl.jaas.config", "sasl.oauthbearer.token.endpoint.url", "linger.ms",
                "some.plugin.option");

        assertThat(security.properties(ProducerConfig.configNames())).containsEntry("sasl.mechanism", "OAUTHBEARER")
                .containsKeys("sasl.jaas.config", "sasl.oauthbearer.token.endpoint.url", "some.plugin.option")
                .containsEntry("linger.ms", "20");
        assertThat(security.properties(ConsumerConfig.configNames())).doesNotContainKey("linger.ms");
        assertThat(security.properties(AdminClientConfig.configNames())).containsKey("sasl.jaas.config");
        assertThat(security.toString()).doesNotContain("OAuthBearerLoginModule");
    }

    @Test
    void oauthbearer_needs_its_jaas_line() {
        settings.put(KafkaSecurity.PROTOCOL, "SASL_SSL");
        settings.put(KafkaSecurity.MECHANISM, "OAUTHBEARER");

        assertThatThrownBy(this::resolve).hasMessageContaining("hooklane.kafka.client.sasl.jaas.config")
                .hasMessageContaining("HOOKLANE_KAFKA_CLIENT_SASL_JAAS_CONFIG");
    }

    @Test
    void refuses_passed_through_properties_the_gateway_sets_itself_or_that_have_their_own_key() {
        assertThatThrownBy(() -> resolve("acks")).hasMessageContaining("hooklane.kafka.client.acks");
        assertThatThrownBy(() -> resolve("security.protocol"))
                .hasMessageContaining("set hooklane.kafka.security-protocol instead");
        assertThatThrownBy(() -> resolve("bootstrap.servers"))
                .hasMessageContaining("camel.component.kafka.brokers");
    }

    @Test
    void maps_client_environment_variables_to_kafka_property_names() {
        assertThat(KafkaSecurity.clientKeys(List.of("hooklane.kafka.client.client.dns.lookup", "hooklane.kafka.sasl-username"),
                List.of("HOOKLANE_KAFKA_CLIENT_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM", "PATH")))
                .containsExactly("client.dns.lookup", "ssl.endpoint.identification.algorithm");
        assertThat(KafkaSecurity.envName("hooklane.kafka.client.sasl.jaas.config"))
                .isEqualTo("HOOKLANE_KAFKA_CLIENT_SASL_JAAS_CONFIG");
    }

    @Test
    void every_client_gets_the_address_the_security_and_its_own_settings() {
        scram("secret");
        KafkaConnection kafka = new KafkaConnection("broker-1:9093", resolve());

        assertThat(kafka.producerConfig(Map.of("acks", "all"))).containsEntry("bootstrap.servers", "broker-1:9093")
                .containsEntry("acks", "all").containsEntry("enable.metrics.push", false)
                .containsEntry("security.protocol", "SASL_SSL").containsKey("sasl.jaas.config");
        assertThat(kafka.consumerConfig(Map.of())).containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(kafka.adminConfig(Map.of())).containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(kafka.toString()).contains("broker-1:9093", "alice").doesNotContain("secret");
    }
}
