package io.hooklane.admin;

import io.hooklane.ingest.security.ClientAddressResolver;
import io.vertx.core.net.SocketAddress;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First step of every admin route: 404 while the admin API is off (no token configured), 429
 * {@code too_many_attempts} with {@code Retry-After} while the client address is locked out after too many failed
 * authentications (even with the right token), 401 without a valid {@code Authorization: Bearer <token>}. The client
 * address is resolved as for webhooks (trusted proxies, {@code hooklane.ingest.client-address-header}). The header
 * is removed once checked.
 */
public final class AdminGuard implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(AdminGuard.class);

    private final AdminToken token;
    private final FailedAuthLimiter failures;
    private final ClientAddressResolver clients;

    public AdminGuard(AdminToken token, FailedAuthLimiter failures, ClientAddressResolver clients) {
        this.token = token;
        this.failures = failures;
        this.clients = clients;
    }

    @Override
    public void process(Exchange exchange) {
        if (!token.enabled()) {
            throw AdminException.notFound("not_found",
                    "the admin API is off: set HOOKLANE_ADMIN_TOKEN (or HOOKLANE_ADMIN_TOKEN_FILE) to turn it on");
        }
        Message message = exchange.getMessage();
        String authorization = message.getHeader("Authorization", String.class);
        message.removeHeader("Authorization");
        String client = client(message);
        long locked = failures.lockedForSeconds(client);
        if (locked > 0) {
            throw new AdminException(429, "too_many_attempts",
                    "too many failed authentications from this address; retry after " + locked + " s", locked);
        }
        if (!token.matches(authorization)) {
            if (failures.failed(client)) {
                LOG.warn("Admin API: {} is locked out after too many failed authentications", client);
            }
            throw new AdminException(401, "unauthorized",
                    "the admin API needs the header Authorization: Bearer <HOOKLANE_ADMIN_TOKEN>");
        }
    }

    private String client(Message message) {
        Object peer = message.getHeader(VertxPlatformHttpConstants.REMOTE_ADDRESS);
        if (!(peer instanceof SocketAddress address) || address.hostAddress() == null) {
            return "unknown";
        }
        try {
            return clients.resolve(address.hostAddress(), joined(message.getHeader(clients.headerName())))
                    .getHostAddress();
        } catch (IllegalArgumentException e) {
            return address.hostAddress();
        }
    }

    /** Repeated header lines arrive as a list: joined with ", " as the resolver expects. */
    private static String joined(Object header) {
        if (header instanceof Iterable<?> values) {
            StringBuilder all = new StringBuilder();
            values.forEach(v -> all.append(all.length() == 0 ? "" : ", ").append(v));
            return all.toString();
        }
        return header == null ? null : header.toString();
    }
}
