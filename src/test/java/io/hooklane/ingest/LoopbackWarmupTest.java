package io.hooklane.ingest;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the warm-up over HTTP sends its webhooks, from the address the HTTP server is bound to. */
class LoopbackWarmupTest {

    @Test
    void reaches_a_server_bound_to_every_address_at_127_0_0_1() {
        for (String bind : new String[] {null, "", " ", "0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0"}) {
            assertThat(LoopbackWarmup.loopbackHost(bind)).as(String.valueOf(bind)).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void reaches_a_server_bound_to_a_loopback_address_at_that_address() {
        assertThat(LoopbackWarmup.loopbackHost("127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(LoopbackWarmup.loopbackHost("127.0.0.2")).isEqualTo("127.0.0.2");
        assertThat(LoopbackWarmup.loopbackHost("::1")).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(LoopbackWarmup.loopbackHost("[::1]")).isEqualTo("0:0:0:0:0:0:0:1");
    }

    @Test
    void resolves_a_configured_host_name_that_names_loopback() throws Exception {
        // the bind host is the operator's own setting: a name is resolved as the server resolves it
        String expected = InetAddress.getByName("localhost").getHostAddress();

        String host = LoopbackWarmup.loopbackHost("localhost");

        assertThat(host).isEqualTo(expected);
        WarmupPass pass = new WarmupPass("hooklane.warmup");
        assertThat(pass.admits(pass.token(), host)).as("the admission check takes the resolved literal").isTrue();
    }

    @Test
    void skips_the_warmup_when_the_server_is_bound_to_a_specific_non_loopback_address() {
        // a webhook from such an address would not be admitted as the warm-up's: it would be taken as a real one
        for (String bind : new String[] {"192.0.2.10", "10.1.2.3", "203.0.113.7", "2001:db8::1", "[2001:db8::1]",
                "::ffff:192.0.2.10"}) {
            assertThat(LoopbackWarmup.loopbackHost(bind)).as(bind).isNull();
        }
    }
}
