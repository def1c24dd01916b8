package io.hooklane.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A dedup key as the first 128 bits of its SHA-256: a fixed 16 bytes whatever the key's length, and no id in clear
 * on disk. Two different keys share a fingerprint with probability about n² / 2¹²⁹ (10⁻²⁰ for 20 billion ids), and
 * SHA-256 keeps that true even for keys a sender chooses.
 */
record IdFingerprint(long high, long low) {

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    });

    static IdFingerprint of(String key) {
        ByteBuffer digest = ByteBuffer.wrap(SHA_256.get().digest(key.getBytes(StandardCharsets.UTF_8)));
        return new IdFingerprint(digest.getLong(), digest.getLong());
    }

    /** The fingerprint of a key given as its UTF-8 bytes (as {@link #of(String)} of the decoded key). */
    static IdFingerprint ofKey(byte[] utf8) {
        ByteBuffer digest = ByteBuffer.wrap(SHA_256.get().digest(utf8));
        return new IdFingerprint(digest.getLong(), digest.getLong());
    }

    static IdFingerprint of(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new IdFingerprint(buffer.getLong(), buffer.getLong());
    }

    byte[] bytes() {
        return ByteBuffer.allocate(16).putLong(high).putLong(low).array();
    }
}
