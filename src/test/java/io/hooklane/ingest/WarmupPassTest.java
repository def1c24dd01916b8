package io.hooklane.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WarmupPassTest {

    private final WarmupPass pass = new WarmupPass("hooklane.warmup");

    @Test
    void admits_this_starts_token_from_a_loopback_address() {
        assertThat(pass.admits(pass.token(), "127.0.0.1")).isTrue();
        assertThat(pass.admits(pass.token(), "127.8.9.10")).isTrue();
        assertThat(pass.admits(pass.token(), "::1")).isTrue();
        assertThat(pass.admits(pass.token(), "0:0:0:0:0:0:0:1")).isTrue();
        assertThat(pass.topic()).isEqualTo("hooklane.warmup");
    }

    @Test
    void refuses_the_token_from_any_other_address() {
        for (String peer : new String[] {"10.0.0.5", "192.168.1.20", "203.0.113.7", "2001:db8::1", "0.0.0.0", ""}) {
            assertThat(pass.admits(pass.token(), peer)).as(peer).isFalse();
        }
    }

    @Test
    void never_resolves_a_name_given_as_the_peer() {
        // a peer is always a literal address; a name (even one resolving to loopback) is refused, not looked up
        assertThat(pass.admits(pass.token(), "localhost")).isFalse();
        assertThat(pass.admits(pass.token(), "abc.example")).isFalse();
    }

    @Test
    void refuses_a_wrong_a_shorter_a_longer_or_a_missing_token() {
        String token = pass.token();
        String wrong = (token.charAt(0) == 'a' ? "b" : "a") + token.substring(1);
        assertThat(pass.admits(wrong, "127.0.0.1")).isFalse();
        assertThat(pass.admits(token.substring(1), "127.0.0.1")).isFalse();
        assertThat(pass.admits(token + "0", "127.0.0.1")).isFalse();
        assertThat(pass.admits("", "127.0.0.1")).isFalse();
        assertThat(pass.admits(null, "127.0.0.1")).isFalse();
        assertThat(pass.admits(new WarmupPass("hooklane.warmup").token(), "127.0.0.1"))
                .as("another start's token").isFalse();
    }

    @Test
    void admits_nothing_once_closed() {
        pass.close();
        assertThat(pass.isOpen()).isFalse();
        assertThat(pass.admits(pass.token(), "127.0.0.1")).isFalse();
    }

    @Test
    void a_pass_without_a_topic_admits_nothing() {
        WarmupPass none = new WarmupPass(null);
        assertThat(none.isOpen()).isFalse();
        assertThat(none.admits(none.token(), "127.0.0.1")).isFalse();
    }

    @Test
    void its_text_never_shows_the_token() {
        assertThat(pass.toString()).doesNotContain(pass.token()).contains("hooklane.warmup");
        assertThat(pass.token()).hasSize(64);
    }
}
