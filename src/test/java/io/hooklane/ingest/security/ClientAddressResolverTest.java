package io.hooklane.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientAddressResolverTest {

    private static final String PROXY = "10.0.0.2";
    private static final String TRUSTED = "10.0.0.0/8, 2001:db8:ffff::/48";
    private final ClientAddressResolver resolver =
            ClientAddressResolver.trusting(TRUSTED, ForwardingHeader.X_FORWARDED_FOR);
    private final ClientAddressResolver forwarded = ClientAddressResolver.trusting(TRUSTED, ForwardingHeader.FORWARDED);

    static InetAddress ip(String literal) {
        return InetAddresses.parseLiteral(literal);
    }

    @Test
    void without_trusted_proxies_the_client_is_the_peer() {
        ClientAddressResolver none = ClientAddressResolver.trustingNoProxy();

        assertThat(none.resolve("203.0.113.7", "198.51.100.1")).isEqualTo(ip("203.0.113.7"));
        assertThat(ClientAddressResolver.trusting("", ForwardingHeader.X_FORWARDED_FOR).resolve("10.0.0.2", "198.51.100.1"))
                .isEqualTo(ip("10.0.0.2"));
    }

    @Test
    void ignores_a_forged_x_forwarded_for_from_an_untrusted_peer() {
        assertThat(resolver.resolve("203.0.113.7", "10.0.0.9")).isEqualTo(ip("203.0.113.7"));
        assertThat(resolver.resolve("203.0.113.7", "198.51.100.1")).isEqualTo(ip("203.0.113.7"));
    }

    @Test
    void ignores_a_forged_forwarded_from_an_untrusted_peer() {
        assertThat(forwarded.resolve("203.0.113.7", "for=198.51.100.1")).isEqualTo(ip("203.0.113.7"));
    }

    @Test
    void a_trusted_peer_without_headers_is_the_client() {
        assertThat(resolver.resolve(PROXY, null)).isEqualTo(ip(PROXY));
        assertThat(resolver.resolve(PROXY, "  ")).isEqualTo(ip(PROXY));
        assertThat(forwarded.resolve(PROXY, "")).isEqualTo(ip(PROXY));
    }

    @Test
    void takes_the_client_from_a_trusted_proxy() {
        assertThat(resolver.resolve(PROXY, "203.0.113.7")).isEqualTo(ip("203.0.113.7"));
    }

    @Test
    void walks_a_chain_through_two_trusted_proxies() {
        // client 203.0.113.7 -> proxy 10.0.0.1 -> proxy 10.0.0.2 -> gateway
        assertThat(resolver.resolve(PROXY, "203.0.113.7, 10.0.0.1")).isEqualTo(ip("203.0.113.7"));
    }

    @Test
    void takes_the_right_most_untrusted_address_not_what_the_client_wrote_to_its_left() {
        // the client sent "X-Forwarded-For: 198.51.100.1, 10.0.0.5" itself; the proxies appended the rest
        assertThat(resolver.resolve(PROXY, "198.51.100.1, 10.0.0.5, 203.0.113.7, 10.0.0.1"))
                .isEqualTo(ip("203.0.113.7"));
    }

    @Test
    void junk_the_client_wrote_left_of_its_address_does_not_matter() {
        assertThat(resolver.resolve(PROXY, "not-an-ip, 203.0.113.7")).isEqualTo(ip("203.0.113.7"));
    }

    @Test
    void when_every_hop_is_trusted_the_left_most_is_the_client() {
        assertThat(resolver.resolve(PROXY, "10.0.0.7, 10.0.0.1")).isEqualTo(ip("10.0.0.7"));
    }

    @Test
    void drops_ports_and_brackets_in_x_forwarded_for() {
        assertThat(resolver.resolve(PROXY, "203.0.113.7:5100")).isEqualTo(ip("203.0.113.7"));
        assertThat(resolver.resolve(PROXY, "[2001:db8::7]:443")).isEqualTo(ip("2001:db8::7"));
        assertThat(resolver.resolve(PROXY, "[2001:db8::7]")).isEqualTo(ip("2001:db8::7"));
    }

    @Test
    void resolves_ipv6_clients_behind_ipv6_proxies() {
        InetAddress client = resolver.resolve("2001:db8:ffff::2", "2001:db8:1::7, 2001:db8:ffff::1");

        assertThat(client).isEqualTo(ip("2001:db8:1::7"));
    }

    @Test
    void accepts_the_peer_in_brackets_with_a_zone_or_ipv4_mapped() {
        assertThat(resolver.resolve("[2001:db8:ffff::2]", "203.0.113.7")).isEqualTo(ip("203.0.113.7"));
        assertThat(resolver.resolve("2001:db8:ffff::2%eth0", "203.0.113.7")).isEqualTo(ip("203.0.113.7"));
        assertThat(resolver.resolve("::ffff:10.0.0.2", "203.0.113.7")).isEqualTo(ip("203.0.113.7"));
        assertThat(resolver.resolve("::ffff:203.0.113.9", "198.51.100.1")).isEqualTo(ip("203.0.113.9"));
    }

    @Test
    void an_ipv4_mapped_client_comes_back_as_ipv4() {
        assertThat(resolver.resolve(PROXY, "::ffff:203.0.113.7")).isEqualTo(ip("203.0.113.7"));
    }

    @Test
    void reads_forwarded_with_a_quoted_ipv6_address_and_port() {
        assertThat(forwarded.resolve(PROXY, "for=\"[2001:db8:cafe::17]:4711\""))
                .isEqualTo(ip("2001:db8:cafe::17"));
    }

    @Test
    void reads_forwarded_with_other_parameters_and_several_elements() {
        String header = "for=192.0.2.60;proto=http;by=203.0.113.43, For=\"10.0.0.1:8080\";host=\"a,b;c\"";

        assertThat(forwarded.resolve(PROXY, header)).isEqualTo(ip("192.0.2.60"));
    }

    @Test
    void reads_forwarded_from_repeated_header_lines_joined() {
        assertThat(forwarded.resolve(PROXY, "for=198.51.100.1, for=\"[2001:db8:ffff::9]\""))
                .isEqualTo(ip("198.51.100.1"));
    }

    @Test
    void reads_x_forwarded_for_by_default_and_only_the_configured_header() {
        assertThat(resolver.headerName()).isEqualTo("X-Forwarded-For");
        assertThat(forwarded.headerName()).isEqualTo("Forwarded");
        assertThat(ClientAddressResolver.trustingNoProxy().headerName()).isEqualTo("X-Forwarded-For");
        // a value in the other header's syntax is malformed for this one: the peer, never the claimed address
        assertThat(resolver.resolve(PROXY, "for=10.9.9.9")).isEqualTo(ip(PROXY));
    }

    @Test
    void the_header_setting_accepts_either_name_in_any_case_and_defaults_to_x_forwarded_for() {
        assertThat(ForwardingHeader.fromSetting("X-Forwarded-For")).isEqualTo(ForwardingHeader.X_FORWARDED_FOR);
        assertThat(ForwardingHeader.fromSetting(" forwarded ")).isEqualTo(ForwardingHeader.FORWARDED);
        assertThat(ForwardingHeader.fromSetting("")).isEqualTo(ForwardingHeader.X_FORWARDED_FOR);
        assertThat(ForwardingHeader.fromSetting(null)).isEqualTo(ForwardingHeader.X_FORWARDED_FOR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Real-IP", "X-Forwarded-For, Forwarded", "both"})
    void refuses_any_other_header_setting_naming_the_key_and_the_value(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> ForwardingHeader.fromSetting(value))
                .withMessageContaining("hooklane.ingest.client-address-header").withMessageContaining("'" + value + "'");
    }

    @Test
    void accepts_quoted_strings_with_escapes() {
        assertThat(forwarded.resolve(PROXY, "for=\"192.0.2.\\60\"")).isEqualTo(ip("192.0.2.60"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-ip", ",,,", "999.1.1.1", "203.0.113.7, garbage", "203.0.113.7:", "1.2.3.4:99999",
            "[1.2.3.4]", "[2001:db8::1", "example.com", "2001:db8::1%eth0", "203.0.113.7;"})
    void a_malformed_x_forwarded_for_falls_back_to_the_peer(String header) {
        assertThat(resolver.resolve(PROXY, header)).isEqualTo(ip(PROXY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"for=", "for=\"[2001:db8::1\"", "for=\"unterminated", "for=unknown", "for=_hidden",
            "garbage", "by=10.0.0.1", "for=192.0.2.60;for=192.0.2.61", "for=\"192.0.2.60", "for=19\"2.0.2.60",
            "for=192.0.2.60, for=unknown", "=1.2.3.4", "for=[2001:db8::1]:http"})
    void a_malformed_forwarded_falls_back_to_the_peer(String header) {
        assertThat(forwarded.resolve(PROXY, header)).isEqualTo(ip(PROXY));
    }

    @Test
    void accepts_an_obfuscated_port() {
        assertThat(forwarded.resolve(PROXY, "for=\"192.0.2.60:_gazonk\"")).isEqualTo(ip("192.0.2.60"));
    }

    @Test
    void refuses_an_invalid_trusted_proxy_naming_it() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ClientAddressResolver.trusting("10.0.0.0/8, proxy.internal", ForwardingHeader.X_FORWARDED_FOR))
                .withMessageContaining("'proxy.internal'");
    }

    @Test
    void refuses_a_peer_that_is_not_an_ip_literal() {
        assertThatIllegalArgumentException().isThrownBy(() -> resolver.resolve("localhost", null))
                .withMessageContaining("localhost");
    }
}
