package io.hooklane.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The dedup key of a verified webhook that carries no provider id: {@code <source>/sha256:<hex>} of the source name,
 * the timestamp the signature covers (when the scheme signs one) and the raw body, each length-prefixed so that no
 * two different triples digest alike. A byte-for-byte replay has the same key; a re-signed copy with a new signed
 * timestamp, or any changed byte of the body, does not.
 */
final class ContentDigest {

    private ContentDigest() {
    }

    static String dedupKey(String source, String signedTimestamp, byte[] body) {
        MessageDigest sha256 = sha256();
        update(sha256, source.getBytes(StandardCharsets.UTF_8));
        update(sha256, signedTimestamp == null ? new byte[0] : signedTimestamp.getBytes(StandardCharsets.UTF_8));
        update(sha256, body);
        return source + "/sha256:" + HexFormat.of().formatHex(sha256.digest());
    }

    private static void update(MessageDigest digest, byte[] part) {
        long length = part.length;
        for (int shift = 56; shift >= 0; shift -= 8) {
            digest.update((byte) (length >>> shift));
        }
        digest.update(part);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
