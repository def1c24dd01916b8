package io.hooklane.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** No string this package produces (toString, build failures, refusals) ever contains a secret's text. */
class SecretLeakTest {

    private static final String SECRET = "Tr0ub4dor-and-3-leak-canary";
    private static final String STANDARD_SECRET = "whsec_" + Base64.getEncoder().encodeToString(TestSigning.utf8(SECRET));
    private static final long NOW = 1_700_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private static final byte[] BODY = TestSigning.utf8("{\"a\":1}");
    private static final String UCP_PROFILE = "http://127.0.0.1:1/.well-known/ucp";

    private static SchemeSettings.Builder builder(String scheme) {
        return SchemeSettings.builder().scheme(scheme).source("leak").clock(CLOCK)
                .secrets(scheme.equals("standard") ? STANDARD_SECRET : SECRET)
                .signedUrl("https://example.com/hook").header("X-Signature").timestampHeader(
                        scheme.equals("generic") ? "X-Timestamp" : null)
                // ucp: a loopback profile on a closed port, so a key lookup fails at once
                .ucpTrustedProfiles(UCP_PROFILE);
    }

    private static void assertNoSecret(String text) {
        assertThat(text).doesNotContain(SECRET).doesNotContain(STANDARD_SECRET)
                .doesNotContain(STANDARD_SECRET.substring("whsec_".length()));
    }

    @Test
    void secret_and_settings_to_string_never_contain_the_secret() {
        assertNoSecret(Secret.ofText(SECRET).toString());
        for (String scheme : SignatureSchemes.names()) {
            SchemeSettings settings = builder(scheme).build();
            assertNoSecret(settings.toString());
            assertNoSecret(settings.secrets().toString());
        }
    }

    @Test
    void build_failures_never_contain_the_secret() {
        List<SchemeSettings.Builder> bad = List.of(
                builder("stripe").tolerance(Duration.ofSeconds(-5)),
                builder("stripe").algorithm("sha1"),
                builder("stripe").encoding("base32"),
                builder("stripe").signedUrl("::"),
                builder("nope"),
                builder("square").signedUrl(null),
                builder("generic").header(null),
                builder("standard").secrets(STANDARD_SECRET + "," + SECRET),
                builder("standard").secrets(SECRET));
        for (SchemeSettings.Builder builder : bad) {
            try {
                builder.build();
                throw new AssertionError("expected a failure");
            } catch (IllegalArgumentException e) {
                assertNoSecret(e.getMessage());
            }
        }
    }

    @Test
    void refusals_for_every_reason_never_contain_the_secret_or_the_expected_signature() {
        Set<Reason> seen = EnumSet.noneOf(Reason.class);
        List<String> expectedSignatures = new ArrayList<>();
        for (String name : SignatureSchemes.names()) {
            SignatureScheme scheme = SignatureSchemes.create(builder(name).build());
            expectedSignatures.add(TestSigning.hex(TestSigning.sha256(TestSigning.utf8(SECRET), "", BODY)));
            expectedSignatures.add(TestSigning.base64(TestSigning.sha256(TestSigning.utf8(SECRET), "", BODY)));
            for (Map<String, String> headers : List.of(
                    Map.<String, String>of(),
                    everyHeader("garbage!"),
                    everyHeader("t=" + NOW + ",v1=" + "ab".repeat(32)),
                    everyHeader("ts=" + NOW + ";h1=" + "ab".repeat(32)),
                    everyHeader("t=" + (NOW - 999) + ",v1=" + "ab".repeat(32)),
                    everyHeader("ts=" + (NOW + 999) + ";h1=" + "ab".repeat(32)),
                    everyHeader("sha256=" + "ab".repeat(32)),
                    everyHeader(TestSigning.base64(new byte[32])),
                    ucp("sha-256=:" + TestSigning.base64(new byte[32]) + ":", UCP_PROFILE),
                    ucp(ContentDigest.sha256Header(BODY), "https://elsewhere.example/.well-known/ucp"),
                    ucp(ContentDigest.sha256Header(BODY), UCP_PROFILE))) {
                try {
                    scheme.verify(new WebhookRequest("leak", headers, BODY, null));
                    throw new AssertionError(name + " accepted garbage");
                } catch (VerificationException e) {
                    seen.add(e.reason());
                    assertNoSecret(e.getMessage());
                    expectedSignatures.forEach(sig -> assertThat(e.getMessage()).doesNotContain(sig));
                }
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(Reason.values());
    }

    private static Map<String, String> ucp(String digest, String profile) {
        return Map.of("Content-Digest", digest, "UCP-Agent", "profile=\"" + profile + "\"", "Host", "example.com",
                "Signature-Input", "sig1=(\"@method\" \"@authority\" \"@path\" \"content-digest\");created=" + NOW
                        + ";keyid=\"k1\"",
                "Signature", "sig1=:" + TestSigning.base64(new byte[64]) + ":");
    }

    private static Map<String, String> everyHeader(String value) {
        Map<String, String> headers = new java.util.HashMap<>();
        for (String h : List.of("webhook-id", "webhook-signature", "Stripe-Signature", "X-Shopify-Hmac-Sha256",
                "X-WC-Webhook-Signature", "X-Hub-Signature-256", "x-square-hmacsha256-signature",
                "Paddle-Signature", "X-Signature")) {
            headers.put(h, value);
        }
        headers.put("webhook-timestamp", String.valueOf(NOW));
        headers.put("X-Timestamp", String.valueOf(NOW));
        return headers;
    }
}
