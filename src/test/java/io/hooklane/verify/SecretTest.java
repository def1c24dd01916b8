package io.hooklane.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void never_shows_its_value_in_to_string() {
        assertThat(Secret.ofText("hunter2-very-secret")).hasToString("Secret[***]");
        assertThat(Secret.ofBytes(TestSigning.utf8("hunter2-very-secret")).toString())
                .doesNotContain("hunter2");
    }

    @Test
    void keeps_a_copy_of_the_key_bytes() {
        byte[] key = TestSigning.utf8("key");
        Secret secret = Secret.ofBytes(key);
        key[0] = 'X';
        assertThat(secret.key()).isEqualTo(TestSigning.utf8("key"));
    }

    @Test
    void refuses_an_empty_secret() {
        assertThatThrownBy(() -> Secret.ofText("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Secret.ofBytes(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Secret.ofText(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
