package io.hooklane.deliver;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/**
 * What one delivery attempt says about whether its destination can be reached at all: any HTTP answer says it can;
 * a host name that does not resolve, or a connection refused (nothing listens there, or no route to it), says the
 * destination's URL is probably wrong. Anything else (a timeout, a reset, a malformed answer) says neither. Read
 * from the exception's type and causes, not its text: the HTTP clients word their messages differently, but
 * httpclient5's {@code HttpHostConnectException} and Netty's connect exceptions are {@link ConnectException}s.
 */
public enum Reachability {
    REACHED,
    UNKNOWN_HOST,
    CONNECTION_REFUSED,
    NO_EVIDENCE;

    /** How many causes deep a failure is searched (a cycle or a very deep chain stops there). */
    private static final int MAX_DEPTH = 10;

    /**
     * @param status  the HTTP status of the answer, null when none arrived
     * @param failure why no answer arrived, null when unknown
     */
    public static Reachability of(Integer status, Throwable failure) {
        if (status != null) {
            return REACHED;
        }
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return UNKNOWN_HOST;
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return CONNECTION_REFUSED;
            }
        }
        return NO_EVIDENCE;
    }

    /** Whether the attempt says the destination cannot be reached. */
    public boolean unreachable() {
        return this == UNKNOWN_HOST || this == CONNECTION_REFUSED;
    }

    /** The machine-readable reason: {@code unknown_host}, {@code connection_refused}, ... */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
