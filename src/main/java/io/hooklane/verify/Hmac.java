package io.hooklane.verify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Shared HMAC plumbing: computing a MAC (one {@link Mac} per thread and algorithm), comparing in constant time, and
 * decoding signatures without ever throwing on bad input.
 */
public final class Hmac {

    private Hmac() {
    }

    /** The HMAC algorithms a scheme may use. */
    public enum Algorithm {
        SHA256("HmacSHA256"),
        SHA512("HmacSHA512");

        private final String jcaName;
        private final ThreadLocal<Mac> mac;

        Algorithm(String jcaName) {
            this.jcaName = jcaName;
            this.mac = ThreadLocal.withInitial(() -> newMac(jcaName));
        }

        /** The algorithm for a configured name ({@code sha256} or {@code sha512}, any case), or null. */
        public static Algorithm parse(String name) {
            if (name == null) {
                return null;
            }
            switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "sha256":
                    return SHA256;
                case "sha512":
                    return SHA512;
                default:
                    return null;
            }
        }

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a signature is written in its header. */
    public enum Encoding {
        HEX,
        BASE64;

        /** The encoding for a configured name ({@code hex} or {@code base64}, any case), or null. */
        public static Encoding parse(String name) {
            if (name == null) {
                return null;
            }
            switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "hex":
                    return HEX;
                case "base64":
                    return BASE64;
                default:
                    return null;
            }
        }

        /** The decoded bytes, or null if the text is not valid in this encoding. */
        public byte[] decode(String text) {
            return this == HEX ? hex(text) : base64(text);
        }

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The MAC of the concatenated parts under the secret. Thread-safe. */
    public static byte[] sign(Algorithm algorithm, Secret secret, byte[]... parts) {
        Mac mac = algorithm.mac.get();
        try {
            mac.init(new SecretKeySpec(secret.key(), algorithm.jcaName));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm.jcaName + " refused the key", e);
        }
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    /**
     * Whether any candidate signature equals the MAC of the parts under any of the secrets, compared in constant
     * time.
     */
    public static boolean anyMatches(Algorithm algorithm, List<Secret> secrets, List<byte[]> candidates,
            byte[]... parts) {
        boolean matched = false;
        for (Secret secret : secrets) {
            byte[] expected = sign(algorithm, secret, parts);
            for (byte[] candidate : candidates) {
                matched |= isEqual(expected, candidate);
            }
        }
        return matched;
    }

    /** Constant-time comparison of raw bytes; false if either is null. */
    public static boolean isEqual(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    /** Standard base64 (padding optional), or null if the text is null, empty or not base64. */
    public static byte[] base64(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Hexadecimal (either case), or null if the text is null, empty or not hex. */
    public static byte[] hex(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Mac newMac(String jcaName) {
        try {
            return Mac.getInstance(jcaName);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(jcaName + " is not available in this JVM", e);
        }
    }
}
