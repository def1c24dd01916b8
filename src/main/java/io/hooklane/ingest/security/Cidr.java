package io.hooklane.ingest.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * One IPv4 or IPv6 network in CIDR notation ({@code 192.168.0.0/16}, {@code 2001:db8::/32}); a bare address is a
 * single-host network. Host bits set in the written address are cleared ({@code 10.1.2.3/8} is {@code 10.0.0.0/8}).
 * An IPv4-mapped entry ({@code ::ffff:10.0.0.0/104}) is the IPv4 network it maps. Immutable and thread-safe.
 */
public final class Cidr {

    private final InetAddress network;
    private final int prefixLength;

    private Cidr(InetAddress network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * Parses one network. Host names are refused (never looked up), as are zone ids and prefixes out of range.
     *
     * @throws IllegalArgumentException naming {@code text} and what is wrong with it
     */
    public static Cidr parse(String text) {
        String value = text == null ? "" : text.trim();
        try {
            return parseTrimmed(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid CIDR '" + value + "': " + e.getMessage());
        }
    }

    /**
     * Parses a comma-separated list of networks; blank items (a trailing comma) are skipped, a null or blank list is
     * empty.
     *
     * @throws IllegalArgumentException naming the first invalid entry
     */
    public static List<Cidr> parseList(String commaSeparated) {
        List<Cidr> out = new ArrayList<>();
        if (commaSeparated == null) {
            return List.of();
        }
        for (String item : commaSeparated.split(",", -1)) {
            if (!item.isBlank()) {
                out.add(parse(item));
            }
        }
        return List.copyOf(out);
    }

    private static Cidr parseTrimmed(String value) {
        int slash = value.indexOf('/');
        String addressText = slash < 0 ? value : value.substring(0, slash);
        InetAddress address = InetAddresses.parseLiteral(addressText);
        boolean writtenAsIpv6 = addressText.indexOf(':') >= 0;
        int maxBits = writtenAsIpv6 ? 128 : 32;
        int prefix = slash < 0 ? maxBits : prefix(value.substring(slash + 1), maxBits);
        if (writtenAsIpv6 && InetAddresses.isIpv4(address)) {
            // the JDK turns ::ffff:a.b.c.d into an IPv4 address: the prefix must cover the mapping
            if (prefix < 96) {
                throw new IllegalArgumentException("an IPv4-mapped network needs a prefix of at least 96");
            }
            prefix -= 96;
        }
        byte[] bytes = InetAddresses.masked(address.getAddress(), prefix);
        try {
            return new Cidr(InetAddress.getByAddress(bytes), prefix);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int prefix(String text, int maxBits) {
        if (text.isEmpty() || text.length() > 3) {
            throw new IllegalArgumentException("the prefix length must be a number from 0 to " + maxBits);
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("the prefix length must be a number from 0 to " + maxBits);
            }
            value = value * 10 + (c - '0');
        }
        if (value > maxBits) {
            throw new IllegalArgumentException("the prefix length must be a number from 0 to " + maxBits);
        }
        return value;
    }

    /** Whether {@code address} lies in this network; an IPv4-mapped IPv6 address counts as its IPv4 address. */
    public boolean contains(InetAddress address) {
        byte[] candidate = InetAddresses.unmapped(address).getAddress();
        byte[] own = network.getAddress();
        return candidate.length == own.length && InetAddresses.samePrefix(candidate, own, prefixLength);
    }

    public InetAddress network() {
        return network;
    }

    public int prefixLength() {
        return prefixLength;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr other && other.network.equals(network) && other.prefixLength == prefixLength;
    }

    @Override
    public int hashCode() {
        return network.hashCode() * 31 + prefixLength;
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
