package io.hooklane.admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class AdminTokenTest {

    private static final String LONG = "0123456789abcdef0123456789abcdef";
    private static final String SHORT = "0123456789abcdef0123456789abcde";

    @Test
    void accepts_a_token_of_32_bytes_and_matches_it_as_a_bearer_token() {
        AdminToken token = AdminToken.resolve(Map.of(AdminToken.KEY, "  " + LONG + "\n")::get);

        assertThat(token.enabled()).isTrue();
        assertThat(token.matches("Bearer " + LONG)).isTrue();
        assertThat(token.matches("Bearer " + SHORT)).isFalse();
    }

    @Test
    void refuses_a_token_shorter_than_32_bytes_naming_the_variable_never_the_token() {
        assertThatIllegalStateException().isThrownBy(() -> AdminToken.resolve(Map.of(AdminToken.KEY, SHORT)::get))
                .withMessageContaining("HOOKLANE_ADMIN_TOKEN").withMessageContaining("31 bytes")
                .withMessageNotContaining(SHORT);
    }

    @Test
    void refuses_a_short_token_from_the_file_naming_the_file_variable(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "short-token\n");

        assertThatIllegalStateException()
                .isThrownBy(() -> AdminToken.resolve(Map.of(AdminToken.FILE_KEY, file.toString())::get))
                .withMessageContaining("HOOKLANE_ADMIN_TOKEN_FILE").withMessageNotContaining("short-token");
    }

    @Test
    void counts_bytes_not_characters() {
        String sixteenTwoByteChars = "é".repeat(16);

        assertThat(AdminToken.resolve(Map.of(AdminToken.KEY, sixteenTwoByteChars)::get).enabled()).isTrue();
    }

    @Test
    void without_a_token_the_api_is_off() {
        assertThat(AdminToken.resolve(Map.<String, String>of()::get).enabled()).isFalse();
    }
}
