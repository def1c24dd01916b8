package io.hooklane.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every scheme, fed garbage in every header it reads, refuses with a VerificationException and nothing else. */
class GarbageInputTest {

    static final String SECRET = "hunter2-garbage-secret";
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

    private static final List<String> HEADERS = List.of("webhook-id", "webhook-timestamp", "webhook-signature",
            "svix-id", "svix-timestamp", "svix-signature", "Stripe-Signature", "X-Shopify-Hmac-Sha256",
            "X-WC-Webhook-Signature", "X-Hub-Signature-256", "x-square-hmacsha256-signature", "Paddle-Signature",
            "X-Signature", "X-Timestamp", "Signature-Input", "Signature", "Content-Digest", "UCP-Agent");

    private static final List<String> GARBAGE = List.of(
            "", " ", "\t", "\u0000", "=", "==", "====", ",", ";", ",,,;;;", "v1,", "v1", "v1,,", " v1, ",
            "t=", "t=,v1=", "ts=;h1=", "t=abc,v1=zz", "ts=abc;h1=zz", "t=1700000000", "ts=1700000000",
            "t=1700000000,v1=", "ts=1700000000;h1=", "t=99999999999999999999999,v1=00",
            "ts=-1;h1=00", "t=1700000000,v1=" + "0".repeat(64), "ts=1700000000;h1=" + "0".repeat(64),
            "t=1,t=2,v1=00", "sha256=", "sha256=zz", "sha256=" + "0".repeat(64), "sha256=" + "0".repeat(63),
            "v1=", "v1=" + "A".repeat(88), "%%%", "v1,!!!", "v1,AAAA", "v1a,AAAA", "é☃\uD83D\uDE00",
            "\r\n", "null", "-1", "1e10", "0x1F", "1700000000", "9223372036854775807", "-9223372036854775808",
            "v1,AAAA ".repeat(3000), "a".repeat(100_000), "t=1700000000,".repeat(5000),
            "\uD800", "ts=1700000000;h1=" + "g".repeat(64));

    private static final List<byte[]> BODIES = List.of(new byte[0], TestSigning.utf8("{}"), new byte[1 << 20]);

    static List<SignatureScheme> schemes() {
        List<SignatureScheme> schemes = new ArrayList<>();
        for (String name : SignatureSchemes.names()) {
            schemes.add(SignatureSchemes.create(SchemeSettings.builder().scheme(name).source("g")
                    .secrets(name.equals("standard") ? "whsec_aHVudGVyMg==,whsec_" + TestSigning.base64(
                            TestSigning.utf8(SECRET)) : "whsec_aHVudGVyMg==," + SECRET).clock(CLOCK)
                    .signedUrl(name.equals("square") ? "https://example.com/sq" : null)
                    .header("X-Signature").timestampHeader(name.equals("generic") ? "X-Timestamp" : null)
                    .ucpTrustedProfiles("http://127.0.0.1:1/.well-known/ucp")
                    .build()));
        }
        return schemes;
    }

    static Stream<Arguments> garbage() {
        List<Arguments> cases = new ArrayList<>();
        for (SignatureScheme scheme : schemes()) {
            for (String value : GARBAGE) {
                Map<String, String> headers = new HashMap<>();
                HEADERS.forEach(h -> headers.put(h, value));
                String label = value.length() > 40 ? value.substring(0, 40) + "...(" + value.length() + ")" : value;
                cases.add(Arguments.of(scheme.getClass().getSimpleName(), label, scheme, headers));
            }
            Map<String, String> nulls = new HashMap<>();
            HEADERS.forEach(h -> nulls.put(h, null));
            cases.add(Arguments.of(scheme.getClass().getSimpleName(), "<null values>", scheme, nulls));
            cases.add(Arguments.of(scheme.getClass().getSimpleName(), "<no headers>", scheme, Map.of()));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} refuses [{1}]")
    @MethodSource("garbage")
    void refuses_garbage_only_with_a_verification_exception(String scheme, String label, SignatureScheme verifier,
            Map<String, String> headers) {
        for (byte[] body : BODIES) {
            for (String url : new String[] {null, "", "not a url"}) {
                Throwable thrown = catchThrowable(() -> verifier.verify(new WebhookRequest("g", headers, body, url)));
                assertThat(thrown).isInstanceOf(VerificationException.class);
                assertThat(thrown.getMessage()).isNotBlank().doesNotContain(SECRET).doesNotContain("hunter2");
                assertThat(thrown.getMessage().length()).isLessThan(200);
            }
        }
    }
}
