package io.hooklane.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SchemeSettingsTest {

    private static final String SECRET = "hunter2-settings-secret";

    private static SchemeSettings.Builder github() {
        return SchemeSettings.builder().scheme("github").source("x").secrets(SECRET);
    }

    @Test
    void has_documented_defaults() {
        SchemeSettings settings = github().build();
        assertThat(settings.scheme()).isEqualTo("github");
        assertThat(settings.source()).isEqualTo("x");
        assertThat(settings.tolerance()).isEqualTo(Duration.ofSeconds(300));
        assertThat(settings.clock().getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(settings.algorithm()).isEqualTo(Hmac.Algorithm.SHA256);
        assertThat(settings.encoding()).isEqualTo(Hmac.Encoding.HEX);
        assertThat(settings.prefix()).isEmpty();
        assertThat(settings.header()).isNull();
        assertThat(settings.timestampHeader()).isNull();
        assertThat(settings.signedUrl()).isNull();
        assertThat(settings.signedUrlFromRequest()).isFalse();
    }

    @Test
    void keeps_the_injected_clock_and_options() {
        Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
        SchemeSettings settings = SchemeSettings.builder().scheme("generic").source("x").secrets(SECRET)
                .clock(clock).tolerance(Duration.ofMinutes(1)).header(" X-Sig ").algorithm("SHA512")
                .encoding("base64").prefix("sha512=").timestampHeader("X-Ts").build();
        assertThat(settings.clock()).isSameAs(clock);
        assertThat(settings.tolerance()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.header()).isEqualTo("X-Sig");
        assertThat(settings.algorithm()).isEqualTo(Hmac.Algorithm.SHA512);
        assertThat(settings.encoding()).isEqualTo(Hmac.Encoding.BASE64);
        assertThat(settings.prefix()).isEqualTo("sha512=");
        assertThat(settings.timestampHeader()).isEqualTo("X-Ts");
    }

    @Test
    void splits_comma_separated_secrets_for_rotation_ignoring_blank_entries() {
        SchemeSettings settings = github().secrets(" old-secret , ,new-secret,, ").build();
        assertThat(settings.secrets()).hasSize(2);
        assertThat(settings.secrets().get(0).key()).isEqualTo(TestSigning.utf8("old-secret"));
        assertThat(settings.secrets().get(1).key()).isEqualTo(TestSigning.utf8("new-secret"));
    }

    @Test
    void refuses_secrets_that_are_missing_or_only_blank_entries() {
        assertThatThrownBy(() -> github().secrets(null).build())
                .hasMessage("hooklane source 'x': secrets must contain at least one non-blank secret but was null");
        assertThatThrownBy(() -> github().secrets(" , ,").build())
                .hasMessage("hooklane source 'x': secrets must contain at least one non-blank secret but was blank");
    }

    @Test
    void refuses_a_negative_or_zero_tolerance_naming_the_value() {
        assertThatThrownBy(() -> github().tolerance(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hooklane source 'x': tolerance must be positive but was PT-1S");
        assertThatThrownBy(() -> github().tolerance(Duration.ZERO).build())
                .hasMessage("hooklane source 'x': tolerance must be positive but was PT0S");
        assertThatThrownBy(() -> github().tolerance(null).build())
                .hasMessage("hooklane source 'x': tolerance must be positive but was null");
    }

    @Test
    void refuses_a_blank_source_or_scheme() {
        assertThatThrownBy(() -> github().source(" ").build())
                .hasMessage("hooklane source ' ': source must not be blank but was ' '");
        assertThatThrownBy(() -> github().scheme(null).build())
                .hasMessageStartingWith("hooklane source 'x': scheme must be one of [standard, stripe")
                .hasMessageEndingWith("but was null");
    }

    @Test
    void refuses_a_missing_clock() {
        assertThatThrownBy(() -> github().clock(null).build())
                .hasMessage("hooklane source 'x': clock must not be null");
    }

    @Test
    void refuses_an_unknown_algorithm_or_encoding_naming_the_value() {
        assertThatThrownBy(() -> github().algorithm("md5").build())
                .hasMessage("hooklane source 'x': algorithm must be sha256 or sha512 but was 'md5'");
        assertThatThrownBy(() -> github().encoding("base32").build())
                .hasMessage("hooklane source 'x': encoding must be hex or base64 but was 'base32'");
    }

    @Test
    void refuses_a_signed_url_that_is_not_an_absolute_http_url() {
        assertThatThrownBy(() -> github().signedUrl("/relative/path").build())
                .hasMessage("hooklane source 'x': signed-url must be an absolute http(s) URL but was '/relative/path'");
        assertThatThrownBy(() -> github().signedUrl("ftp://example.com/x").build())
                .hasMessageContaining("signed-url must be an absolute http(s) URL");
        assertThatThrownBy(() -> github().signedUrl("https://exa mple.com").build())
                .hasMessageContaining("signed-url must be an absolute http(s) URL");
    }

    @Test
    void refuses_header_names_that_are_not_http_tokens() {
        assertThatThrownBy(() -> github().header("X Sig").build())
                .hasMessage("hooklane source 'x': header must be an HTTP header name but was 'X Sig'");
        assertThatThrownBy(() -> github().timestampHeader("X-Ts:").build())
                .hasMessage("hooklane source 'x': timestamp-header must be an HTTP header name but was 'X-Ts:'");
    }

    @Test
    void never_shows_a_secret_in_to_string_or_in_any_validation_message() {
        assertThat(github().secrets(SECRET + ",second-" + SECRET).build().toString())
                .contains("secrets=2 x Secret[***]").doesNotContain(SECRET);
        String[] messages = {
            message(github().tolerance(Duration.ofSeconds(-1))),
            message(github().scheme("nope")),
            message(github().algorithm("md5")),
            message(github().scheme("square")),
            message(github().scheme("generic")),
            message(github().scheme("standard").secrets("whsec_" + SECRET + "!")),
        };
        for (String message : messages) {
            assertThat(message).startsWith("hooklane source 'x': ").doesNotContain(SECRET);
        }
    }

    private static String message(SchemeSettings.Builder builder) {
        try {
            builder.build();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the build to fail");
    }
}
