package io.hooklane.admin;

import java.util.Locale;

/**
 * Which port serves what. By default the admin API ({@code /admin/*}) and the metrics ({@code /observe/metrics}) are
 * on the public server with the webhooks. With {@code hooklane.admin.port} set, the admin API is served only on that
 * port (on {@code hooklane.admin.host}, by default {@code camel.server.host}) and the public port answers 404 for it;
 * with {@code hooklane.metrics.on-admin-port=true} the metrics move there too. The admin port serves nothing else:
 * webhooks, health and the demo receivers stay on the public port. Immutable.
 */
public final class AdminPerimeter {

    public static final String PORT = "hooklane.admin.port";
    public static final String HOST = "hooklane.admin.host";
    public static final String METRICS = "hooklane.metrics.on-admin-port";

    private final int adminPort;
    private final String adminHost;
    private final boolean metricsOnAdminPort;

    private AdminPerimeter(int adminPort, String adminHost, boolean metricsOnAdminPort) {
        this.adminPort = adminPort;
        this.adminHost = adminHost;
        this.metricsOnAdminPort = metricsOnAdminPort;
    }

    /** Everything on the public server. */
    public static AdminPerimeter shared() {
        return new AdminPerimeter(0, null, false);
    }

    /**
     * @param serverHost         {@code camel.server.host}
     * @param serverPort         {@code camel.server.port}
     * @param adminHost          {@value #HOST}; blank: the server's host
     * @param adminPort          {@value #PORT}; blank: the admin API stays on the public server
     * @param metricsOnAdminPort {@value #METRICS}: {@code true} or {@code false} (blank)
     * @throws IllegalArgumentException naming the key and the value
     */
    public static AdminPerimeter of(String serverHost, String serverPort, String adminHost, String adminPort,
                                    String metricsOnAdminPort) {
        boolean metrics = flag(metricsOnAdminPort);
        if (blank(adminPort)) {
            if (!blank(adminHost)) {
                throw new IllegalArgumentException(HOST + " is '" + adminHost + "' but " + PORT + " is not set: set"
                        + " the admin port too, or leave both empty to serve the admin API on the public port");
            }
            if (metrics) {
                throw new IllegalArgumentException(METRICS + " is true but " + PORT + " is not set: the metrics can"
                        + " move only to an admin port of its own");
            }
            return shared();
        }
        int port;
        try {
            port = Integer.parseInt(adminPort.trim());
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(PORT + " must be a port number (1 to 65535) or empty but was '"
                    + adminPort + "'");
        }
        if (adminPort.trim().equals(serverPort == null ? null : serverPort.trim())) {
            throw new IllegalArgumentException(PORT + " (" + port + ") must differ from camel.server.port; leave it"
                    + " empty to serve the admin API on the public port");
        }
        return new AdminPerimeter(port, blank(adminHost) ? serverHost.trim() : adminHost.trim(), metrics);
    }

    /** True when the admin API has a port of its own. */
    public boolean separate() {
        return adminPort > 0;
    }

    public int adminPort() {
        return adminPort;
    }

    public String adminHost() {
        return adminHost;
    }

    public boolean metricsOnAdminPort() {
        return metricsOnAdminPort;
    }

    /**
     * @param onAdminPort    the request arrived on the admin port
     * @param normalizedPath the request's path as the router matches it
     * @return whether the request may go on to the routes; otherwise it is answered 404
     */
    public boolean allows(boolean onAdminPort, String normalizedPath) {
        if (!separate()) {
            return true;
        }
        String path = normalizedPath == null ? "" : normalizedPath.toLowerCase(Locale.ROOT);
        boolean admin = path.startsWith("/admin");
        boolean metrics = metricsOnAdminPort && path.startsWith("/observe/metrics");
        return onAdminPort == (admin || metrics);
    }

    private static boolean flag(String value) {
        if (blank(value) || value.trim().equalsIgnoreCase("false")) {
            return false;
        }
        if (value.trim().equalsIgnoreCase("true")) {
            return true;
        }
        throw new IllegalArgumentException(METRICS + " must be true or false but was '" + value + "'");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() {
        return separate() ? "AdminPerimeter[admin on " + adminHost + ":" + adminPort
                + (metricsOnAdminPort ? ", metrics too]" : "]") : "AdminPerimeter[shared]";
    }
}
