package io.hooklane.verify;

import java.nio.charset.StandardCharsets;

/**
 * One secret's key bytes. The value never appears in any string: {@link #toString()} is {@code Secret[***]} and
 * only code in this package can read the bytes.
 */
public final class Secret {

    private final byte[] key;

    private Secret(byte[] key) {
        this.key = key;
    }

    /** A secret whose key is the given bytes (copied); they must not be empty. */
    public static Secret ofBytes(byte[] key) {
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("a secret must not be empty");
        }
        return new Secret(key.clone());
    }

    /** A secret whose key is the UTF-8 bytes of the given text, which must not be empty. */
    public static Secret ofText(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a secret must not be empty");
        }
        return new Secret(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The key bytes; callers in this package must not modify them. */
    byte[] key() {
        return key;
    }

    /** The key as UTF-8 text, for schemes whose configured secret is itself an encoding (Standard Webhooks). */
    String text() {
        return new String(key, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Secret[***]";
    }
}
