package io.hooklane.ingest.security;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Which client addresses may call a source: a comma-separated list of IPv4/IPv6 networks in CIDR notation or bare
 * addresses, e.g. {@code 192.168.0.0/16, 2001:db8::/32, 10.0.0.1}. An empty (or null, or blank) list allows every
 * address. An IPv4-mapped IPv6 client address ({@code ::ffff:1.2.3.4}) matches the IPv4 networks. Immutable and
 * thread-safe. A refused address maps to {@link SecurityReason#IP_NOT_ALLOWED}.
 */
public final class IpAllowlist {

    private static final IpAllowlist ALLOW_ALL = new IpAllowlist(List.of());

    private final List<Cidr> networks;

    private IpAllowlist(List<Cidr> networks) {
        this.networks = networks;
    }

    /**
     * @throws IllegalArgumentException naming the first entry that is not an address or CIDR (host names included:
     *                                  they are never looked up)
     */
    public static IpAllowlist parse(String commaSeparatedCidrs) {
        List<Cidr> networks = Cidr.parseList(commaSeparatedCidrs);
        return networks.isEmpty() ? ALLOW_ALL : new IpAllowlist(networks);
    }

    public static IpAllowlist allowAll() {
        return ALLOW_ALL;
    }

    public boolean allows(InetAddress address) {
        Objects.requireNonNull(address, "address");
        if (networks.isEmpty()) {
            return true;
        }
        for (Cidr network : networks) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }

    public boolean allowsAll() {
        return networks.isEmpty();
    }

    public List<Cidr> networks() {
        return networks;
    }

    @Override
    public String toString() {
        return networks.isEmpty() ? "IpAllowlist[all]"
                : networks.stream().map(Cidr::toString).collect(Collectors.joining(", ", "IpAllowlist[", "]"));
    }
}
