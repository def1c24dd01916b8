package io.hooklane.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hooklane.config.DemoUcpKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ucp scheme at unit level: RFC 9421 Appendix B's published keys and signatures (B.1.3 test-key-ecc-p256 with
 * B.2.4, B.1.4 test-key-ed25519 with B.2.6), RFC 9530's digests of {@code {"hello": "world"}}, then the scheme's own
 * rules on requests signed here, with a static JWKS file and a fixed clock. Every refusal asserts its reason.
 */
class UcpSchemeTest {

    // RFC 9421 B.1.3 test-key-ecc-p256 (public JWK) and B.1.4 test-key-ed25519 (public x and private d)
    private static final String P256_X = "qIVYZVLCrPZHGHjP17CTW0_-D9Lfw0EkjqF7xB4FivA";
    private static final String P256_Y = "Mc4nN9LTDOBhfoUeg8Ye9WedFRhnZXZJA12Qp0zZ6F0";
    private static final String ED25519_X = "JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs";
    private static final String ED25519_D = "n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU";

    private static final String B24_BASE = "\"@status\": 200\n"
            + "\"content-type\": application/json\n"
            + "\"content-digest\": sha-512=:mEWXIS7MaLRuGgxOBdODa3xqM1XdEvxoYhvlCFJ41QJgJc4GTsPp29l5oGX69wWdXymyU0rjJ"
            + "uahq4l5aGgfLQ==:\n"
            + "\"content-length\": 23\n"
            + "\"@signature-params\": (\"@status\" \"content-type\" \"content-digest\" \"content-length\")"
            + ";created=1618884473;keyid=\"test-key-ecc-p256\"";
    private static final String B24_INPUT = "sig-b24=(\"@status\" \"content-type\" \"content-digest\" "
            + "\"content-length\");created=1618884473;keyid=\"test-key-ecc-p256\"";
    private static final String B24_SIGNATURE = "sig-b24=:wNmSUAhwb5LxtOtOpNa6W5xj067m5hFrj0XQ4fvpaCLx0NKocgPquLgy"
            + "ahnzDnDAUy5eCdlYUEkLIj+32oiasw==:";

    private static final String B26_BASE = "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n"
            + "\"@method\": POST\n"
            + "\"@path\": /foo\n"
            + "\"@authority\": example.com\n"
            + "\"content-type\": application/json\n"
            + "\"content-length\": 18\n"
            + "\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" "
            + "\"content-length\");created=1618884473;keyid=\"test-key-ed25519\"";
    private static final String B26_INPUT = "sig-b26=(\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" "
            + "\"content-length\");created=1618884473;keyid=\"test-key-ed25519\"";
    private static final String B26_SIGNATURE = "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9"
            + "EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:";

    private static final byte[] HELLO = "{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-12-02T07:00:00Z");
    private static final String URL = "https://hooks.example.com/webhooks/ucp";

    @TempDir
    Path dir;

    @Test
    void verifies_rfc9421_b24_ecdsa_p256_published_signature_over_the_rebuilt_base() throws Exception {
        StructuredFields.InnerList covered = (StructuredFields.InnerList) StructuredFields.parseDictionary(B24_INPUT)
                .get("sig-b24");
        Map<String, String> response = Map.of("@status", "200", "content-type", "application/json",
                "content-digest", "sha-512=:mEWXIS7MaLRuGgxOBdODa3xqM1XdEvxoYhvlCFJ41QJgJc4GTsPp29l5oGX69wWdXymyU0rjJ"
                        + "uahq4l5aGgfLQ==:", "content-length", "23");
        byte[] base = SignatureBase.build(covered, response::get);
        byte[] signature = ((StructuredFields.Item) StructuredFields.parseDictionary(B24_SIGNATURE).get("sig-b24"))
                .bytes();
        UcpKey key = JwkKeys.key(new ObjectMapper().readTree(
                "{\"kid\":\"test-key-ecc-p256\",\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + P256_X + "\",\"y\":\""
                        + P256_Y + "\"}"));

        assertThat(new String(base, StandardCharsets.UTF_8)).isEqualTo(B24_BASE);
        assertThat(key.algorithm()).isEqualTo(SignatureAlgorithm.ECDSA_P256_SHA256);
        assertThat(key.algorithm().verify(key.publicKey(), base, signature)).isTrue();
        base[0] ^= 1;
        assertThat(key.algorithm().verify(key.publicKey(), base, signature)).isFalse();
    }

    @Test
    void verifies_rfc9421_b26_ed25519_published_signature_over_the_test_request() throws Exception {
        WebhookRequest request = new WebhookRequest("ucp", Map.of("Host", "example.com",
                "Date", "Tue, 20 Apr 2021 02:07:55 GMT", "Content-Type", "application/json", "Content-Length", "18"),
                HELLO, "http://example.com/foo?param=Value&Pet=dog");
        StructuredFields.InnerList covered = (StructuredFields.InnerList) StructuredFields.parseDictionary(B26_INPUT)
                .get("sig-b26");
        byte[] base = SignatureBase.build(covered, SignatureBase.components(request, "POST", "example.com"));
        byte[] signature = ((StructuredFields.Item) StructuredFields.parseDictionary(B26_SIGNATURE).get("sig-b26"))
                .bytes();
        UcpKey key = JwkKeys.key(new ObjectMapper().readTree(
                "{\"kid\":\"test-key-ed25519\",\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + ED25519_X + "\"}"));

        assertThat(new String(base, StandardCharsets.UTF_8)).isEqualTo(B26_BASE);
        assertThat(key.algorithm()).isEqualTo(SignatureAlgorithm.ED25519);
        assertThat(key.algorithm().verify(key.publicKey(), base, signature)).isTrue();
        assertThat(sign("Ed25519", ed25519Private(), base)).isEqualTo(signature); // Ed25519 is deterministic
    }

    @Test
    void normalizes_the_authority_to_lower_case_without_the_default_port() {
        assertThat(SignatureBase.normalizedAuthority("Shop.Example.COM:443", "https")).isEqualTo("shop.example.com");
        assertThat(SignatureBase.normalizedAuthority("shop.example.com:80", "http")).isEqualTo("shop.example.com");
        assertThat(SignatureBase.normalizedAuthority("shop.example.com:8443", "https"))
                .isEqualTo("shop.example.com:8443");
        assertThat(SignatureBase.normalizedAuthority(" ", "https")).isNull();
    }

    @Test
    void accepts_what_bin_send_signs_for_a_url_with_the_default_port() throws Exception {
        KeyPair p256 = ec("secp256r1");
        UcpScheme scheme = scheme(jwks(jwk("p256", p256, "P-256", 32)));
        Map<String, String> headers = new LinkedHashMap<>(new io.hooklane.sender.UcpSigner(p256.getPrivate(), "p256",
                "https://merchant.example/.well-known/ucp", Clock.fixed(NOW, ZoneOffset.UTC))
                .sign(HELLO, null, "https://Hooks.Example.com:443/webhooks/ucp"));
        headers.put("Host", "hooks.example.com:443");
        headers.put("Content-Type", "application/json");

        assertThat(scheme.verify(request(headers, HELLO))).isNotNull();
    }

    @Test
    void checks_rfc9530_sha256_and_sha512_examples_and_refuses_a_changed_body_with_digest_mismatch()
            throws Exception {
        String both = "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:, sha-512=:WZDPaVn/7XgHaAy8pmojAkGWo"
                + "Rx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:";
        ContentDigest.check(request(Map.of("Content-Digest", both), HELLO));
        ContentDigest.check(request(Map.of("Content-Digest", "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:"
                + ", md5=:AAAA:"), HELLO));
        assertThat(ContentDigest.sha256Header(HELLO)).isEqualTo("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:");

        assertReason(() -> ContentDigest.check(request(Map.of("Content-Digest", both),
                "{\"hello\": \"World\"}".getBytes(StandardCharsets.UTF_8))), Reason.DIGEST_MISMATCH);
        assertReason(() -> ContentDigest.check(request(Map.of("Content-Digest", "md5=:AAAA:"), HELLO)),
                Reason.MALFORMED_SIGNATURE);
        assertReason(() -> ContentDigest.check(request(Map.of("Content-Digest", "sha-256=X48E9"), HELLO)),
                Reason.MALFORMED_SIGNATURE);
    }

    @Test
    void accepts_ed25519_p256_and_p384_keys_from_a_static_jwks_skipping_unknown_key_types() throws Exception {
        KeyPair p256 = ec("secp256r1");
        KeyPair p384 = ec("secp384r1");
        UcpScheme scheme = scheme(jwks(jwk("p256", p256, "P-256", 32), jwk("p384", p384, "P-384", 48),
                "{\"kid\":\"ed\",\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + ED25519_X + "\"}",
                "{\"kid\":\"rsa\",\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}",
                "{\"kid\":\"x448\",\"kty\":\"OKP\",\"crv\":\"Ed448\",\"x\":\"AAAA\"}"));

        assertThat(scheme.verify(signed(HELLO, "ed", "Ed25519", ed25519Private(), ""))).isNotNull();
        assertThat(scheme.verify(signed(HELLO, "p256", "SHA256withECDSAinP1363Format", p256.getPrivate(), "")))
                .isNotNull();
        assertThat(scheme.verify(signed(HELLO, "p384", "SHA384withECDSAinP1363Format", p384.getPrivate(),
                ";alg=\"ecdsa-p384-sha384\""))).isNotNull();
        assertReason(() -> scheme.verify(signed(HELLO, "rsa", "Ed25519", ed25519Private(), "")), Reason.UNKNOWN_KEY);
    }

    @Test
    void refuses_an_alg_parameter_that_does_not_match_the_key_type() throws Exception {
        KeyPair p256 = ec("secp256r1");
        UcpScheme scheme = scheme(jwks(jwk("p256", p256, "P-256", 32)));

        assertReason(() -> scheme.verify(signed(HELLO, "p256", "SHA256withECDSAinP1363Format", p256.getPrivate(),
                ";alg=\"ed25519\"")), Reason.INVALID_SIGNATURE);
    }

    @Test
    void accepts_when_one_of_up_to_eight_signatures_verifies() throws Exception {
        KeyPair p256 = ec("secp256r1");
        UcpScheme scheme = scheme(jwks(jwk("p256", p256, "P-256", 32)));
        WebhookRequest good = signed(HELLO, "p256", "SHA256withECDSAinP1363Format", p256.getPrivate(), "");
        WebhookRequest forged = signed(HELLO, "p256", "SHA256withECDSAinP1363Format", ec("secp256r1").getPrivate(),
                "");
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Host", "hooks.example.com",
                "Content-Type", "application/json", "Content-Digest", ContentDigest.sha256Header(HELLO),
                "Signature-Input", forged.header("Signature-Input").replace("sig1=", "bad=") + ", "
                        + good.header("Signature-Input"),
                "Signature", forged.header("Signature").replace("sig1=", "bad=") + ", " + good.header("Signature")));

        assertThat(scheme.verify(request(headers, HELLO))).isNotNull();
        headers.put("Signature", forged.header("Signature").replace("sig1=", "bad="));
        assertReason(() -> scheme.verify(request(headers, HELLO)), Reason.INVALID_SIGNATURE);

        // the good one ninth: only the first eight labels are checked
        StringBuilder inputs = new StringBuilder();
        StringBuilder signatures = new StringBuilder();
        for (int i = 0; i < UcpScheme.MAX_SIGNATURES; i++) {
            inputs.append(forged.header("Signature-Input").replace("sig1=", "bad" + i + "=")).append(", ");
            signatures.append(forged.header("Signature").replace("sig1=", "bad" + i + "=")).append(", ");
        }
        headers.put("Signature-Input", inputs + good.header("Signature-Input"));
        headers.put("Signature", signatures + good.header("Signature"));
        assertReason(() -> scheme.verify(request(headers, HELLO)), Reason.INVALID_SIGNATURE);
    }

    @Test
    void refuses_a_signature_not_covering_content_digest_or_the_target() throws Exception {
        KeyPair p256 = ec("secp256r1");
        UcpScheme scheme = scheme(jwks(jwk("p256", p256, "P-256", 32)));

        assertReason(() -> scheme.verify(signedCovering(HELLO, "(\"@method\" \"@authority\" \"@path\")", p256)),
                Reason.INVALID_SIGNATURE);
        assertReason(() -> scheme.verify(signedCovering(HELLO, "(\"@method\" \"@authority\" \"content-digest\")",
                p256)), Reason.INVALID_SIGNATURE);
        assertThat(scheme.verify(signedCovering(HELLO, "(\"@method\" \"@target-uri\" \"content-digest\")", p256)))
                .isNotNull();
    }

    @Test
    void accepts_a_signature_without_created_as_ucp_leaves_it_optional() throws Exception {
        KeyPair p256 = ec("secp256r1");
        UcpScheme scheme = scheme(jwks(jwk("p256", p256, "P-256", 32)));
        String covered = "(\"@method\" \"@authority\" \"@path\" \"content-digest\")";

        assertThat(scheme.verify(signedWith(HELLO, covered + ";keyid=\"p256\"", p256)).body()).isEqualTo(HELLO);
    }

    @Test
    void refuses_a_non_integer_created_expired_signatures_and_garbage_headers() throws Exception {
        KeyPair p256 = ec("secp256r1");
        UcpScheme scheme = scheme(jwks(jwk("p256", p256, "P-256", 32)));
        String covered = "(\"@method\" \"@authority\" \"@path\" \"content-digest\")";

        assertReason(() -> scheme.verify(signedWith(HELLO, covered + ";created=\"yesterday\";keyid=\"p256\"", p256)),
                Reason.MALFORMED_SIGNATURE);
        assertReason(() -> scheme.verify(signedWith(HELLO, covered + ";created=" + NOW.getEpochSecond()
                + ";expires=" + (NOW.getEpochSecond() - 1) + ";keyid=\"p256\"", p256)),
                Reason.TIMESTAMP_OUT_OF_TOLERANCE);
        assertReason(() -> scheme.verify(signedWith(HELLO, covered + ";created=" + (NOW.getEpochSecond() + 600)
                + ";keyid=\"p256\"", p256)), Reason.TIMESTAMP_OUT_OF_TOLERANCE);
        for (String garbage : new String[] {"sig1=(\"@method\"", "sig1=(\"@method\");created=1.5.5", "SIG=()",
                "sig1=(\"@method\" \"x\",", "sig1=\"unterminated"}) {
            assertReason(() -> scheme.verify(request(Map.of("Content-Type", "application/json",
                    "Content-Digest", ContentDigest.sha256Header(HELLO), "Signature-Input", garbage,
                    "Signature", "sig1=:AAAA:"), HELLO)), Reason.MALFORMED_SIGNATURE);
        }
        assertReason(() -> scheme.verify(request(Map.of("Content-Type", "application/json"), HELLO)),
                Reason.MISSING_SIGNATURE);
    }

    @Test
    void refuses_a_profile_not_on_the_trusted_list_without_fetching() throws Exception {
        KeyPair p256 = ec("secp256r1");
        UcpScheme scheme = new UcpScheme(settings().ucpTrustedProfiles("https://merchant.example/.well-known/ucp")
                .build());
        WebhookRequest signed = signed(HELLO, "p256", "SHA256withECDSAinP1363Format", p256.getPrivate(), "");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : new String[] {"Host", "Content-Type", "Content-Digest", "Signature-Input", "Signature"}) {
            headers.put(name, signed.header(name));
        }
        headers.put("UCP-Agent", "profile=\"http://169.254.169.254/latest/meta-data\"");

        assertReason(() -> scheme.verify(request(headers, HELLO)), Reason.UNTRUSTED_KEY_SOURCE);
        headers.remove("UCP-Agent");
        assertReason(() -> scheme.verify(request(headers, HELLO)), Reason.MISSING_SIGNATURE);
    }

    @Test
    void refuses_at_start_a_plain_http_profile_off_loopback_and_a_jwks_with_the_demo_key() throws Exception {
        assertThatThrownBy(() -> settings().ucpTrustedProfiles("http://merchant.example/.well-known/ucp").build())
                .hasMessageContaining("must use https");
        assertThat(settings().ucpTrustedProfiles("http://127.0.0.1:8080/demo/ucp/profile").build()).isNotNull();
        Path demo = dir.resolve("demo.json");
        Files.writeString(demo, DemoUcpKey.profileJson());

        assertThatThrownBy(() -> settings().ucpJwksFile(demo.toString()).ucpRefusedKey(DemoUcpKey.publicKey())
                .build()).hasMessageContaining("demo key");
        assertThat(settings().ucpJwksFile(demo.toString()).build()).isNotNull();
    }

    // --- helpers ---

    private SchemeSettings.Builder settings() {
        return SchemeSettings.builder().source("ucp").scheme("ucp").secretKeyName("UCP_TRUSTED_PROFILES")
                .clock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private UcpScheme scheme(Path jwks) {
        return new UcpScheme(settings().ucpJwksFile(jwks.toString()).build());
    }

    private Path jwks(String... keys) throws Exception {
        Path file = dir.resolve("jwks-" + System.nanoTime() + ".json");
        Files.writeString(file, "{\"keys\":[" + String.join(",", keys) + "]}");
        return file;
    }

    private static String jwk(String kid, KeyPair pair, String crv, int size) {
        ECPublicKey key = (ECPublicKey) pair.getPublic();
        return "{\"kid\":\"" + kid + "\",\"kty\":\"EC\",\"crv\":\"" + crv + "\",\"x\":\""
                + fixed(key.getW().getAffineX().toByteArray(), size) + "\",\"y\":\""
                + fixed(key.getW().getAffineY().toByteArray(), size) + "\"}";
    }

    private static String fixed(byte[] raw, int size) {
        byte[] out = new byte[size];
        int from = Math.max(0, raw.length - size);
        System.arraycopy(raw, from, out, size - (raw.length - from), raw.length - from);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    private static WebhookRequest signed(byte[] body, String kid, String jca, PrivateKey key, String extra)
            throws Exception {
        return sign(body, "(\"@method\" \"@authority\" \"@path\" \"content-digest\" \"content-type\");created="
                + NOW.getEpochSecond() + ";keyid=\"" + kid + "\"" + extra, jca, key);
    }

    private static WebhookRequest signedCovering(byte[] body, String covered, KeyPair key) throws Exception {
        return signedWith(body, covered + ";created=" + NOW.getEpochSecond() + ";keyid=\"p256\"", key);
    }

    private static WebhookRequest signedWith(byte[] body, String params, KeyPair key) throws Exception {
        return sign(body, params, "SHA256withECDSAinP1363Format", key.getPrivate());
    }

    /** Signs with the production signature base builder, for the scheme's rules (the RFC vectors test the base). */
    private static WebhookRequest sign(byte[] body, String params, String jca, PrivateKey key) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Host", "hooks.example.com",
                "Content-Type", "application/json", "Content-Digest", ContentDigest.sha256Header(body)));
        WebhookRequest unsigned = request(headers, body);
        StructuredFields.InnerList covered = (StructuredFields.InnerList) StructuredFields
                .parseDictionary("sig1=" + params).get("sig1");
        byte[] base = SignatureBase.build(covered, SignatureBase.components(unsigned, "POST", "hooks.example.com"));
        headers.put("Signature-Input", "sig1=" + params);
        headers.put("Signature", "sig1=:" + Base64.getEncoder().encodeToString(sign(jca, key, base)) + ":");
        return request(headers, body);
    }

    private static WebhookRequest request(Map<String, String> headers, byte[] body) {
        return new WebhookRequest("ucp", headers, body, URL);
    }

    private static byte[] sign(String jca, PrivateKey key, byte[] data) throws Exception {
        Signature signature = Signature.getInstance(jca);
        signature.initSign(key);
        signature.update(data);
        return signature.sign();
    }

    private static PrivateKey ed25519Private() throws Exception {
        byte[] prefix = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04,
                0x20};
        byte[] d = Base64.getUrlDecoder().decode(ED25519_D);
        byte[] der = new byte[prefix.length + d.length];
        System.arraycopy(prefix, 0, der, 0, prefix.length);
        System.arraycopy(d, 0, der, prefix.length, d.length);
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private static void assertReason(ThrowingCall call, Reason reason) {
        assertThatThrownBy(call::run).isInstanceOf(VerificationException.class)
                .extracting(e -> ((VerificationException) e).reason()).isEqualTo(reason);
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }
}
