package io.hooklane.admin;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * First step of every admin route: 404 while the admin API is off (no token configured), 401 without a valid
 * {@code Authorization: Bearer <token>}. The header is removed once checked.
 */
public final class AdminGuard implements Processor {

    private final AdminToken token;

    public AdminGuard(AdminToken token) {
        this.token = token;
    }

    @Override
    public void process(Exchange exchange) {
        if (!token.enabled()) {
            throw AdminException.notFound("not_found",
                    "the admin API is off: set HOOKLANE_ADMIN_TOKEN (or HOOKLANE_ADMIN_TOKEN_FILE) to turn it on");
        }
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        exchange.getMessage().removeHeader("Authorization");
        if (!token.matches(authorization)) {
            throw new AdminException(401, "unauthorized",
                    "the admin API needs the header Authorization: Bearer <HOOKLANE_ADMIN_TOKEN>");
        }
    }
}
