package io.hooklane.ingest.security;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Finds the client's address behind reverse proxies. One configured header ({@link ForwardingHeader}:
 * {@code X-Forwarded-For} by default, or {@code Forwarded}, RFC 7239) is believed, and only when the direct peer is one
 * of the configured trusted proxies; then the chain is walked from the right, skipping trusted proxies, and the first
 * untrusted address is the client (right-most untrusted: the entries to its left were written by the client and may
 * be forged). When every hop is trusted the left-most one is returned. The other header is never read: the proxy does
 * not write it, so whatever it holds came from the client.
 *
 * <p>Header values are never a reason to fail: an empty or malformed header, or a hop that is not an IP address
 * ({@code for=unknown}, an obfuscated identifier) met before the client is found, falls back to the peer address.
 * Ports ({@code 192.0.2.1:8080}, {@code [2001:db8::1]:443}) are dropped. The caller must join repeated header lines
 * with {@code ", "} before passing them in. Immutable and thread-safe.
 */
public final class ClientAddressResolver {

    private final List<Cidr> trustedProxies;
    private final ForwardingHeader header;

    private ClientAddressResolver(List<Cidr> trustedProxies, ForwardingHeader header) {
        this.trustedProxies = trustedProxies;
        this.header = Objects.requireNonNull(header, "header");
    }

    /**
     * @param trustedProxyCidrs comma-separated CIDRs of the proxies in front of the gateway; empty or null trusts no
     *                          proxy, so the forwarding header is always ignored
     * @param header            the one header those proxies write the client into
     * @throws IllegalArgumentException naming the first invalid entry
     */
    public static ClientAddressResolver trusting(String trustedProxyCidrs, ForwardingHeader header) {
        return new ClientAddressResolver(Cidr.parseList(trustedProxyCidrs), header);
    }

    /** A resolver that ignores the forwarding headers: the client is always the peer. */
    public static ClientAddressResolver trustingNoProxy() {
        return new ClientAddressResolver(List.of(), ForwardingHeader.X_FORWARDED_FOR);
    }

    /** The name of the one header {@link #resolve} wants the value of. */
    public String headerName() {
        return header.headerName();
    }

    /**
     * @param peerAddress the socket's remote address as an IP literal (IPv6 with or without brackets, a zone id is
     *                    dropped)
     * @param forwarding  the value of the configured header ({@link #headerName()}), repeated lines joined with
     *                    {@code ", "}; null when absent
     * @return the client's address; IPv4-mapped IPv6 addresses come back as IPv4
     * @throws IllegalArgumentException only when {@code peerAddress} itself is not an IP literal
     */
    public InetAddress resolve(String peerAddress, String forwarding) {
        InetAddress peer = parsePeer(peerAddress);
        if (!isTrustedProxy(peer) || forwarding == null || forwarding.isBlank()) {
            return peer;
        }
        List<String> hops = header == ForwardingHeader.FORWARDED ? forwardedFor(forwarding) : xForwardedFor(forwarding);
        if (hops == null || hops.isEmpty()) {
            return peer;
        }
        InetAddress leftMostTrusted = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = node(hops.get(i));
            if (hop == null) {
                return peer;
            }
            if (!isTrustedProxy(hop)) {
                return hop;
            }
            leftMostTrusted = hop;
        }
        return leftMostTrusted;
    }

    public boolean isTrustedProxy(InetAddress address) {
        for (Cidr proxy : trustedProxies) {
            if (proxy.contains(address)) {
                return true;
            }
        }
        return false;
    }

    public List<Cidr> trustedProxies() {
        return trustedProxies;
    }

    private static InetAddress parsePeer(String peerAddress) {
        Objects.requireNonNull(peerAddress, "peerAddress");
        String text = peerAddress.trim();
        if (text.length() > 1 && text.charAt(0) == '[' && text.charAt(text.length() - 1) == ']') {
            text = text.substring(1, text.length() - 1);
        }
        int zone = text.indexOf('%');
        if (zone >= 0 && text.indexOf(':') >= 0) {
            text = text.substring(0, zone);
        }
        try {
            return InetAddresses.unmapped(InetAddresses.parseLiteral(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("peer address '" + peerAddress + "': " + e.getMessage());
        }
    }

    private static List<String> xForwardedFor(String header) {
        List<String> hops = new ArrayList<>();
        for (String item : header.split(",", -1)) {
            hops.add(item.trim());
        }
        return hops;
    }

    /** The {@code for} value of each element, null for an element without one; null when the header is malformed. */
    private static List<String> forwardedFor(String header) {
        List<String> elements = splitOutsideQuotes(header, ',');
        if (elements == null) {
            return null;
        }
        List<String> hops = new ArrayList<>();
        for (String element : elements) {
            if (element.isBlank()) {
                continue; // RFC 7230 #rule: empty list elements are allowed and mean nothing
            }
            List<String> pairs = splitOutsideQuotes(element, ';');
            String forValue = null;
            boolean seen = false;
            for (String pair : pairs) {
                if (pair.isBlank()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    return null;
                }
                String name = pair.substring(0, equals).trim().toLowerCase(Locale.ROOT);
                if (!name.equals("for")) {
                    continue;
                }
                if (seen) {
                    return null; // a parameter may appear once per element
                }
                seen = true;
                forValue = unquote(pair.substring(equals + 1).trim());
                if (forValue == null) {
                    return null;
                }
            }
            hops.add(forValue);
        }
        return hops;
    }

    /** Splits on {@code separator} outside double quotes (honouring backslash escapes); null on an open quote. */
    private static List<String> splitOutsideQuotes(String text, char separator) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == separator) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (quoted) {
            return null;
        }
        parts.add(text.substring(start));
        return parts;
    }

    /** A token as is, a quoted-string without its quotes and escapes; null when the quotes are unbalanced. */
    private static String unquote(String value) {
        if (value.isEmpty() || value.charAt(0) != '"') {
            return value.indexOf('"') >= 0 ? null : value;
        }
        if (value.length() < 2 || value.charAt(value.length() - 1) != '"') {
            return null;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() - 1) {
                c = value.charAt(++i);
            } else if (c == '"' || c == '\\') {
                return null;
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * One hop: {@code 192.0.2.1}, {@code 192.0.2.1:8080}, {@code [2001:db8::1]}, {@code [2001:db8::1]:443} or a bare
     * {@code 2001:db8::1}; null for anything else ({@code unknown}, obfuscated identifiers, garbage).
     */
    private static InetAddress node(String hop) {
        if (hop == null) {
            return null;
        }
        String text = hop.trim();
        if (text.isEmpty()) {
            return null;
        }
        String address;
        if (text.charAt(0) == '[') {
            int close = text.indexOf(']');
            if (close < 0 || !isPortOrNothing(text.substring(close + 1))) {
                return null;
            }
            address = text.substring(1, close);
            if (address.indexOf(':') < 0) {
                return null; // only IPv6 goes in brackets
            }
        } else {
            int firstColon = text.indexOf(':');
            if (firstColon >= 0 && firstColon == text.lastIndexOf(':')) {
                if (!isPortOrNothing(text.substring(firstColon))) {
                    return null;
                }
                address = text.substring(0, firstColon); // IPv4 with a port
            } else {
                address = text; // IPv4, or IPv6 without brackets as X-Forwarded-For writes it
            }
        }
        InetAddress parsed = InetAddresses.tryParseLiteral(address);
        return parsed == null ? null : InetAddresses.unmapped(parsed);
    }

    /** "" or ":" followed by a port number or an RFC 7239 obfuscated port ({@code _abc}). */
    private static boolean isPortOrNothing(String rest) {
        if (rest.isEmpty()) {
            return true;
        }
        if (rest.length() < 2 || rest.charAt(0) != ':') {
            return false;
        }
        String port = rest.substring(1);
        if (port.charAt(0) == '_') {
            return port.length() > 1 && port.chars().skip(1).allMatch(c -> (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-');
        }
        return port.length() <= 5 && port.chars().allMatch(c -> c >= '0' && c <= '9')
                && Integer.parseInt(port) <= 65535;
    }

    @Override
    public String toString() {
        return "ClientAddressResolver[trusted=" + trustedProxies + ", header=" + header.headerName() + "]";
    }
}
