package io.hooklane.ingest;

import io.vertx.core.http.ClientAuth;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustAllTrustManager;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientAuthenticationTest {

    @Test
    void maps_camels_values_to_vertx_client_auth() {
        assertThat(ClientAuthentication.of(null, null)).isEqualTo(ClientAuth.NONE);
        assertThat(ClientAuthentication.of("NONE", null)).isEqualTo(ClientAuth.NONE);
        assertThat(ClientAuthentication.of("WANT", trusting())).isEqualTo(ClientAuth.REQUEST);
        assertThat(ClientAuthentication.of("require", trusting())).isEqualTo(ClientAuth.REQUIRED);
    }

    @Test
    void refuses_an_unknown_value_naming_the_key() {
        assertThatThrownBy(() -> ClientAuthentication.of("REQUIRED", trusting()))
                .hasMessageContaining("camel.ssl.clientAuthentication").hasMessageContaining("'REQUIRED'");
    }

    @Test
    void refuses_client_authentication_on_a_server_without_tls() {
        assertThatThrownBy(() -> ClientAuthentication.of("REQUIRE", null))
                .hasMessageContaining("camel.ssl.clientAuthentication").hasMessageContaining("useGlobalSslContextParameters");
    }

    @Test
    void refuses_client_authentication_without_a_trust_store_or_trusting_every_certificate() {
        assertThatThrownBy(() -> ClientAuthentication.of("REQUIRE", new SSLContextParameters()))
                .hasMessageContaining("camel.ssl.trustStore");
        SSLContextParameters trustAll = new SSLContextParameters();
        TrustManagersParameters managers = new TrustManagersParameters();
        managers.setTrustManager(TrustAllTrustManager.INSTANCE);
        trustAll.setTrustManagers(managers);
        assertThatThrownBy(() -> ClientAuthentication.of("WANT", trustAll))
                .hasMessageContaining("camel.ssl.trustAllCertificates");
    }

    private static SSLContextParameters trusting() {
        SSLContextParameters ssl = new SSLContextParameters();
        TrustManagersParameters managers = new TrustManagersParameters();
        managers.setKeyStore(new KeyStoreParameters());
        ssl.setTrustManagers(managers);
        return ssl;
    }
}
