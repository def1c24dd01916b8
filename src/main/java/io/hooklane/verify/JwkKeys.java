package io.hooklane.verify;

import java.io.IOException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads public signing keys from a UCP profile ({@code signing_keys[]}, at the top level or under {@code ucp}) or a
 * JWK Set ({@code keys[]}): EC P-256 and P-384 ({@code x}, {@code y}) and OKP Ed25519 ({@code x}), with the JDK alone.
 * Keys of other types, or without a {@code kid}, are skipped, never fatal (UCP: the key vocabulary is open).
 */
final class JwkKeys {

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build()).build());
    /** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 key bytes follow. */
    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03,
            0x21, 0x00};

    private JwkKeys() {
    }

    /** The usable keys by kid; the first of a repeated kid wins. */
    static Map<String, UcpKey> parse(byte[] json) throws IOException {
        JsonNode root = MAPPER.readTree(json);
        if (root == null || !root.isObject()) {
            throw new IOException("not a JSON object");
        }
        Map<String, UcpKey> keys = new LinkedHashMap<>();
        add(root.path("signing_keys"), keys);
        add(root.path("ucp").path("signing_keys"), keys);
        add(root.path("keys"), keys);
        return keys;
    }

    private static void add(JsonNode array, Map<String, UcpKey> keys) {
        if (!array.isArray()) {
            return;
        }
        for (JsonNode jwk : array) {
            UcpKey key = key(jwk);
            if (key != null) {
                keys.putIfAbsent(key.kid(), key);
            }
        }
    }

    /** The key, or null when it is not one this gateway can use. */
    static UcpKey key(JsonNode jwk) {
        String kid = jwk.path("kid").asText(null);
        String use = jwk.path("use").asText("sig");
        if (kid == null || kid.isEmpty() || !"sig".equals(use)) {
            return null;
        }
        try {
            String kty = jwk.path("kty").asText("");
            String crv = jwk.path("crv").asText("");
            if ("EC".equals(kty) && "P-256".equals(crv)) {
                return new UcpKey(kid, ecKey("secp256r1", jwk, 32), SignatureAlgorithm.ECDSA_P256_SHA256);
            }
            if ("EC".equals(kty) && "P-384".equals(crv)) {
                return new UcpKey(kid, ecKey("secp384r1", jwk, 48), SignatureAlgorithm.ECDSA_P384_SHA384);
            }
            if ("OKP".equals(kty) && "Ed25519".equals(crv)) {
                return new UcpKey(kid, ed25519Key(coordinate(jwk, "x", 32)), SignatureAlgorithm.ED25519);
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    static PublicKey ecKey(String curve, JsonNode jwk, int size) throws GeneralSecurityException {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec(curve));
        ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
        ECPoint point = new ECPoint(new BigInteger(1, coordinate(jwk, "x", size)),
                new BigInteger(1, coordinate(jwk, "y", size)));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
    }

    static PublicKey ed25519Key(byte[] x) throws GeneralSecurityException {
        byte[] der = new byte[ED25519_SPKI_PREFIX.length + x.length];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, der, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(x, 0, der, ED25519_SPKI_PREFIX.length, x.length);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    }

    private static byte[] coordinate(JsonNode jwk, String name, int size) {
        String text = jwk.path(name).asText("");
        byte[] bytes = Base64.getUrlDecoder().decode(text);
        if (bytes.length != size) {
            throw new IllegalArgumentException(name + " has " + bytes.length + " bytes, not " + size);
        }
        return bytes;
    }
}
