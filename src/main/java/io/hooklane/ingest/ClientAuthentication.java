package io.hooklane.ingest;

import java.util.Locale;

import io.vertx.core.http.ClientAuth;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustAllTrustManager;
import org.apache.camel.support.jsse.TrustManagersParameters;

/**
 * {@code camel.ssl.clientAuthentication} (NONE, WANT or REQUIRE) as the HTTP servers apply it: WANT asks for a client
 * certificate ({@link ClientAuth#REQUEST}), REQUIRE refuses the handshake without one from a trusted CA
 * ({@link ClientAuth#REQUIRED}). A setting that cannot be honoured is refused at start-up, naming the key: an unknown
 * value, client authentication on a server without TLS, no trust store to check certificates against, or a trust
 * store that trusts every certificate.
 */
public final class ClientAuthentication {

    public static final String KEY = "camel.ssl.clientAuthentication";

    private ClientAuthentication() {
    }

    /**
     * @param configured the configured value (null or blank: NONE)
     * @param serverSsl the TLS parameters of the HTTP server, null when it serves plain HTTP
     */
    public static ClientAuth of(String configured, SSLContextParameters serverSsl) {
        if (configured == null || configured.isBlank()) {
            return ClientAuth.NONE;
        }
        ClientAuth auth = switch (configured.trim().toUpperCase(Locale.ROOT)) {
            case "NONE" -> ClientAuth.NONE;
            case "WANT" -> ClientAuth.REQUEST;
            case "REQUIRE" -> ClientAuth.REQUIRED;
            default -> throw new IllegalArgumentException(KEY + " must be NONE, WANT or REQUIRE but was '"
                    + configured + "'");
        };
        if (auth == ClientAuth.NONE) {
            return auth;
        }
        if (serverSsl == null) {
            throw new IllegalArgumentException(KEY + "=" + configured + " needs TLS on the HTTP server: set "
                    + "camel.ssl.enabled=true and camel.server.useGlobalSslContextParameters=true");
        }
        TrustManagersParameters trust = serverSsl.getTrustManagers();
        if (trust == null || trust.getKeyStore() == null && trust.getTrustManager() == null) {
            throw new IllegalArgumentException(KEY + "=" + configured + " needs camel.ssl.trustStore: the CAs whose "
                    + "client certificates are accepted");
        }
        if (trust.getTrustManager() instanceof TrustAllTrustManager) {
            throw new IllegalArgumentException(KEY + "=" + configured + " with camel.ssl.trustAllCertificates=true "
                    + "would accept any client certificate");
        }
        return auth;
    }

    /** The client authentication of {@code ssl}'s server parameters, or null when it sets none. */
    public static String configured(SSLContextParameters ssl) {
        return ssl == null || ssl.getServerParameters() == null ? null
                : ssl.getServerParameters().getClientAuthentication();
    }
}
