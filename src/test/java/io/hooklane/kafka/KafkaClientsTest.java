package io.hooklane.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    @Test
    void every_client_config_gets_telemetry_off_beside_its_own_settings() {
        assertThat(KafkaClients.config(Map.of("acks", "all")))
                .containsEntry("acks", "all").containsEntry("enable.metrics.push", false);
    }

    @Test
    void properties_are_taken_as_they_are_and_a_given_setting_wins() {
        Properties props = new Properties();
        props.put("bootstrap.servers", "127.0.0.1:9092");
        props.put("enable.metrics.push", "true");

        assertThat(KafkaClients.config(props))
                .containsEntry("bootstrap.servers", "127.0.0.1:9092").containsEntry("enable.metrics.push", "true");
    }
}
