package io.hooklane.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AttemptResultTest {

    @Test
    void describes_a_redirect_with_its_location() {
        AttemptResult redirect = new AttemptResult(302, "Found", null, "https://moved.example/hooks");

        assertThat(redirect.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(redirect.describe()).isEqualTo("HTTP 302: Found (Location: https://moved.example/hooks)");
    }

    @Test
    void replaces_control_characters_a_receiver_sends_so_it_cannot_forge_log_lines() {
        AttemptResult forged = new AttemptResult(301, "Moved\r\nINFO Delivered", null, "https://x.example/\n\tat a");

        assertThat(forged.describe()).doesNotContain("\n", "\r", "\t")
                .isEqualTo("HTTP 301: Moved??INFO Delivered (Location: https://x.example/??at a)");
    }

    @Test
    void cuts_receiver_text_to_its_maximum_length() {
        AttemptResult huge = new AttemptResult(301, null, null, "https://x.example/" + "a".repeat(100_000));

        assertThat(huge.location()).hasSize(ReceiverText.MAX_LENGTH + 3).endsWith("...");
    }
}
