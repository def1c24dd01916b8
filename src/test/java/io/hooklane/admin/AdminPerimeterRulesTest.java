package io.hooklane.admin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AdminPerimeterRulesTest {

    private final AdminPerimeter adminOnly = AdminPerimeter.of("0.0.0.0", "8080", "", "9090", "");
    private final AdminPerimeter adminAndMetrics = AdminPerimeter.of("0.0.0.0", "8080", "127.0.0.1", "9090", "true");

    @Test
    void by_default_everything_is_served_on_the_public_port() {
        AdminPerimeter shared = AdminPerimeter.of("0.0.0.0", "8080", "", "", "");

        assertThat(shared.separate()).isFalse();
        assertThat(shared.allows(false, "/admin/destinations")).isTrue();
        assertThat(shared.allows(false, "/observe/metrics")).isTrue();
    }

    @Test
    void with_an_admin_port_the_public_port_refuses_the_admin_api_and_the_admin_port_serves_only_it() {
        assertThat(adminOnly.separate()).isTrue();
        assertThat(adminOnly.adminHost()).isEqualTo("0.0.0.0");
        assertThat(adminOnly.allows(false, "/admin/destinations")).isFalse();
        assertThat(adminOnly.allows(false, "/Admin/destinations")).isFalse();
        assertThat(adminOnly.allows(false, "/admin")).isFalse();
        assertThat(adminOnly.allows(false, "/webhooks/stripe")).isTrue();
        assertThat(adminOnly.allows(false, "/observe/metrics")).isTrue();
        assertThat(adminOnly.allows(true, "/admin/destinations/crm/pause")).isTrue();
        assertThat(adminOnly.allows(true, "/webhooks/stripe")).isFalse();
        assertThat(adminOnly.allows(true, "/observe/metrics")).isFalse();
        assertThat(adminOnly.allows(true, "/")).isFalse();
    }

    @Test
    void metrics_on_the_admin_port_leave_only_health_on_the_public_port() {
        assertThat(adminAndMetrics.adminHost()).isEqualTo("127.0.0.1");
        assertThat(adminAndMetrics.allows(false, "/observe/metrics")).isFalse();
        assertThat(adminAndMetrics.allows(false, "/observe/metrics/")).isFalse();
        assertThat(adminAndMetrics.allows(false, "/observe/health/ready")).isTrue();
        assertThat(adminAndMetrics.allows(true, "/observe/metrics")).isTrue();
        assertThat(adminAndMetrics.allows(true, "/observe/health/ready")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "-1", "admin", "80 80"})
    void refuses_an_admin_port_that_is_not_a_port_naming_the_key_and_value(String port) {
        assertThatIllegalArgumentException().isThrownBy(() -> AdminPerimeter.of("0.0.0.0", "8080", "", port, ""))
                .withMessageContaining("hooklane.admin.port").withMessageContaining("'" + port + "'");
    }

    @Test
    void refuses_settings_that_cannot_work_naming_the_keys() {
        assertThatIllegalArgumentException().isThrownBy(() -> AdminPerimeter.of("0.0.0.0", "8080", "", "8080", ""))
                .withMessageContaining("hooklane.admin.port").withMessageContaining("camel.server.port");
        assertThatIllegalArgumentException().isThrownBy(() -> AdminPerimeter.of("0.0.0.0", "8080", "10.0.0.5", "", ""))
                .withMessageContaining("hooklane.admin.host").withMessageContaining("'10.0.0.5'");
        assertThatIllegalArgumentException().isThrownBy(() -> AdminPerimeter.of("0.0.0.0", "8080", "", "", "true"))
                .withMessageContaining("hooklane.metrics.on-admin-port").withMessageContaining("hooklane.admin.port");
        assertThatIllegalArgumentException().isThrownBy(() -> AdminPerimeter.of("0.0.0.0", "8080", "", "9090", "yes"))
                .withMessageContaining("hooklane.metrics.on-admin-port").withMessageContaining("'yes'");
    }
}
