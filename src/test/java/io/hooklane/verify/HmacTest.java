package io.hooklane.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class HmacTest {

    // RFC 4231 test case 2
    private static final Secret JEFE = Secret.ofText("Jefe");
    private static final byte[] DATA = TestSigning.utf8("what do ya want for nothing?");

    @Test
    void computes_rfc_4231_hmac_sha256() {
        assertThat(TestSigning.hex(Hmac.sign(Hmac.Algorithm.SHA256, JEFE, DATA)))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void computes_rfc_4231_hmac_sha512() {
        assertThat(TestSigning.hex(Hmac.sign(Hmac.Algorithm.SHA512, JEFE, DATA))).isEqualTo(
                "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
    }

    @Test
    void signs_the_concatenation_of_its_parts() {
        assertThat(Hmac.sign(Hmac.Algorithm.SHA256, JEFE, TestSigning.utf8("what do ya "),
                TestSigning.utf8("want for nothing?"))).isEqualTo(Hmac.sign(Hmac.Algorithm.SHA256, JEFE, DATA));
    }

    @Test
    void signs_correctly_from_many_threads_at_once() throws Exception {
        byte[] expected = Hmac.sign(Hmac.Algorithm.SHA256, JEFE, DATA);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                Secret other = Secret.ofText("other-" + i);
                results.add(pool.submit(() -> {
                    Hmac.sign(Hmac.Algorithm.SHA256, other, DATA);
                    return Hmac.isEqual(expected, Hmac.sign(Hmac.Algorithm.SHA256, JEFE, DATA));
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void matches_any_secret_against_any_candidate() {
        byte[] mac = Hmac.sign(Hmac.Algorithm.SHA256, JEFE, DATA);
        assertThat(Hmac.anyMatches(Hmac.Algorithm.SHA256, List.of(Secret.ofText("x"), JEFE),
                List.of(new byte[32], mac), DATA)).isTrue();
        assertThat(Hmac.anyMatches(Hmac.Algorithm.SHA256, List.of(Secret.ofText("x")), List.of(mac), DATA))
                .isFalse();
    }

    @Test
    void compares_bytes_and_treats_null_as_unequal() {
        assertThat(Hmac.isEqual(new byte[] {1, 2}, new byte[] {1, 2})).isTrue();
        assertThat(Hmac.isEqual(new byte[] {1, 2}, new byte[] {1, 3})).isFalse();
        assertThat(Hmac.isEqual(new byte[] {1, 2}, new byte[] {1})).isFalse();
        assertThat(Hmac.isEqual(null, new byte[] {1})).isFalse();
        assertThat(Hmac.isEqual(new byte[] {1}, null)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"abc", "zz", "0x00", "ab cd", "ä0", "-1"})
    void returns_null_for_text_that_is_not_hex(String text) {
        assertThat(Hmac.hex(text)).isNull();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"%%%", "a", "ab=c", "not base64", "abc-_", "====", "é"})
    void returns_null_for_text_that_is_not_base64(String text) {
        assertThat(Hmac.base64(text)).isNull();
    }

    @Test
    void decodes_hex_in_either_case_and_base64_with_or_without_padding() {
        assertThat(Hmac.hex("0aFf")).containsExactly(0x0a, 0xff);
        assertThat(Hmac.base64("aGk=")).isEqualTo(TestSigning.utf8("hi"));
        assertThat(Hmac.base64("aGk")).isEqualTo(TestSigning.utf8("hi"));
    }

    @Test
    void parses_configured_algorithm_and_encoding_names() {
        assertThat(Hmac.Algorithm.parse(" SHA512 ")).isEqualTo(Hmac.Algorithm.SHA512);
        assertThat(Hmac.Algorithm.parse("md5")).isNull();
        assertThat(Hmac.Encoding.parse("Base64")).isEqualTo(Hmac.Encoding.BASE64);
        assertThat(Hmac.Encoding.parse("base32")).isNull();
    }
}
