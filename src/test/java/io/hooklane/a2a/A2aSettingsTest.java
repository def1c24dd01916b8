package io.hooklane.a2a;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class A2aSettingsTest {

    @Test
    void the_push_url_defaults_to_the_local_port_and_encodes_the_delivery_id() {
        A2aSettings settings = A2aSettings.of("", 8080, 10_000, 300_000, 1 << 20, 300, 1000, 30_000, 100, 65536);

        assertThat(settings.publicUrl()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(settings.pushUrl("msg_1 /x")).isEqualTo("http://127.0.0.1:8080/a2a/push/msg_1%20%2Fx");
        assertThat(A2aSettings.of("https://hooks.example/", 8080, 10_000, 300_000, 1 << 20, 300, 1000, 30_000, 100,
                65536).pushUrl("msg_1")).isEqualTo("https://hooks.example/a2a/push/msg_1");
    }

    @Test
    void refuses_settings_naming_the_key_and_the_value() {
        assertThatThrownBy(() -> A2aSettings.of("ftp://x", 8080, 10_000, 300_000, 1 << 20, 300, 1000, 30_000, 100,
                65536)).hasMessage("hooklane.public-url must be an absolute http(s) URL but was ftp://x");
        assertThatThrownBy(() -> A2aSettings.of("", 8080, 10_000, 600_001, 1 << 20, 300, 1000, 30_000, 100, 65536))
                .hasMessage("hooklane.a2a.task-timeout-millis must be between 1 and 600000 but was 600001");
        assertThatThrownBy(() -> A2aSettings.of("", 8080, 10_000, 300_000, 1 << 20, 300, 1000, 500, 100, 65536))
                .hasMessage("hooklane.a2a.poll-max-millis must be at least hooklane.a2a.poll-initial-millis but was 500");
    }
}
