package io.hooklane.sender;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMACs over concatenated parts, straight on javax.crypto (independent of the gateway's verifiers). */
final class Hmac {

    private Hmac() {
    }

    static byte[] sha256(byte[] key, byte[]... parts) {
        return mac("HmacSHA256", key, parts);
    }

    /** The MAC of the parts by a JCA algorithm name ({@code HmacSHA256}, {@code HmacSHA512}). */
    static byte[] mac(String jcaAlgorithm, byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(jcaAlgorithm);
            mac.init(new SecretKeySpec(key, jcaAlgorithm));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(jcaAlgorithm + " unavailable", e);
        }
    }

    static byte[] sha256(String key, byte[]... parts) {
        return sha256(utf8(key), parts);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
