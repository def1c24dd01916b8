package io.hooklane.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAllowlistTest {

    static InetAddress ip(String literal) {
        return InetAddresses.parseLiteral(literal);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", " , "})
    void an_empty_list_allows_every_address(String list) {
        IpAllowlist allowlist = IpAllowlist.parse(list);

        assertThat(allowlist.allowsAll()).isTrue();
        assertThat(allowlist.allows(ip("203.0.113.9"))).isTrue();
        assertThat(allowlist.allows(ip("2001:db8::1"))).isTrue();
    }

    @Test
    void allows_addresses_inside_an_ipv4_network_and_refuses_the_rest() {
        IpAllowlist allowlist = IpAllowlist.parse("192.168.0.0/16");

        assertThat(allowlist.allows(ip("192.168.0.0"))).isTrue();
        assertThat(allowlist.allows(ip("192.168.255.255"))).isTrue();
        assertThat(allowlist.allows(ip("192.169.0.1"))).isFalse();
        assertThat(allowlist.allows(ip("10.0.0.1"))).isFalse();
    }

    @Test
    void a_bare_address_allows_only_itself() {
        IpAllowlist allowlist = IpAllowlist.parse("10.0.0.1");

        assertThat(allowlist.allows(ip("10.0.0.1"))).isTrue();
        assertThat(allowlist.allows(ip("10.0.0.2"))).isFalse();
    }

    @Test
    void honours_prefixes_that_do_not_end_on_a_byte() {
        IpAllowlist allowlist = IpAllowlist.parse("10.0.0.0/9, 2001:db8:8000::/33");

        assertThat(allowlist.allows(ip("10.127.255.255"))).isTrue();
        assertThat(allowlist.allows(ip("10.128.0.0"))).isFalse();
        assertThat(allowlist.allows(ip("2001:db8:ffff::1"))).isTrue();
        assertThat(allowlist.allows(ip("2001:db8:7fff::1"))).isFalse();
    }

    @Test
    void allows_addresses_inside_an_ipv6_network_and_refuses_the_rest() {
        IpAllowlist allowlist = IpAllowlist.parse("2001:db8::/32");

        assertThat(allowlist.allows(ip("2001:db8::1"))).isTrue();
        assertThat(allowlist.allows(ip("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"))).isTrue();
        assertThat(allowlist.allows(ip("2001:db9::1"))).isFalse();
    }

    @Test
    void reads_a_mixed_list_with_spaces_and_a_trailing_comma() {
        IpAllowlist allowlist = IpAllowlist.parse(" 192.168.0.0/16, 2001:db8::/32 ,10.0.0.1, ");

        assertThat(allowlist.networks()).extracting(Cidr::toString)
                .containsExactly("192.168.0.0/16", "2001:db8:0:0:0:0:0:0/32", "10.0.0.1/32");
        assertThat(allowlist.allows(ip("192.168.4.4"))).isTrue();
        assertThat(allowlist.allows(ip("2001:db8::4"))).isTrue();
        assertThat(allowlist.allows(ip("10.0.0.1"))).isTrue();
        assertThat(allowlist.allows(ip("8.8.8.8"))).isFalse();
    }

    @Test
    void an_ipv4_mapped_ipv6_address_matches_ipv4_networks() throws Exception {
        IpAllowlist allowlist = IpAllowlist.parse("1.2.3.0/24");
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 1, 2, 3, 4};
        InetAddress keptAsIpv6 = Inet6Address.getByAddress(null, mapped, -1);

        assertThat(keptAsIpv6).isInstanceOf(Inet6Address.class);
        assertThat(allowlist.allows(keptAsIpv6)).isTrue();
        assertThat(allowlist.allows(ip("::ffff:1.2.3.4"))).isTrue();
        assertThat(allowlist.allows(ip("::ffff:1.2.4.4"))).isFalse();
    }

    @Test
    void an_ipv4_mapped_network_is_the_ipv4_network() {
        IpAllowlist allowlist = IpAllowlist.parse("::ffff:10.0.0.0/104");

        assertThat(allowlist.networks()).extracting(Cidr::toString).containsExactly("10.0.0.0/8");
        assertThat(allowlist.allows(ip("10.9.9.9"))).isTrue();
    }

    @Test
    void ipv4_networks_never_match_ipv6_addresses_and_back() {
        IpAllowlist allowlist = IpAllowlist.parse("0.0.0.0/0");
        IpAllowlist v6 = IpAllowlist.parse("::/0");

        assertThat(allowlist.allows(ip("8.8.8.8"))).isTrue();
        assertThat(allowlist.allows(ip("2001:db8::1"))).isFalse();
        assertThat(v6.allows(ip("2001:db8::1"))).isTrue();
        assertThat(v6.allows(ip("8.8.8.8"))).isFalse();
    }

    @Test
    void clears_host_bits_written_in_a_network() {
        IpAllowlist allowlist = IpAllowlist.parse("192.168.1.7/16");

        assertThat(allowlist.networks()).extracting(Cidr::toString).containsExactly("192.168.0.0/16");
        assertThat(allowlist.allows(ip("192.168.200.1"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com", "300.1.1.1", "10.0.0", "1.2.3.4.5", "10.0.0.0/33",
            "2001:db8::/129", "10.0.0.0/-1", "10.0.0.0/", "/8", "10.0.0.0/8/8", "10.0.0.0/x", "fe80::1%eth0",
            "2001:db8::g", "010.0.0.1", "::ffff:10.0.0.0/64", "1.2.3.4 5", "[2001:db8::1]", "0x7f.0.0.1"})
    void refuses_an_invalid_entry_naming_it(String entry) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> IpAllowlist.parse("10.0.0.0/8, " + entry))
                .withMessageContaining("'" + entry + "'");
    }
}
