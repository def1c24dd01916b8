package io.hooklane.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Function;

/**
 * The admin API's bearer token, from {@code HOOKLANE_ADMIN_TOKEN}, else the file named by
 * {@code HOOKLANE_ADMIN_TOKEN_FILE}. Without one the admin API is off. A token shorter than {@value #MIN_BYTES} bytes
 * (UTF-8, surrounding blanks dropped) is refused: {@code openssl rand -hex 32} gives 64. Tokens are compared in
 * constant time (both sides are hashed first, so not even the length leaks).
 */
public final class AdminToken {

    public static final String KEY = "HOOKLANE_ADMIN_TOKEN";
    public static final String FILE_KEY = KEY + "_FILE";
    public static final int MIN_BYTES = 32;

    private final byte[] expected;

    private AdminToken(String token) {
        this.expected = token == null ? null : sha256(token);
    }

    public static AdminToken of(String token) {
        return new AdminToken(token == null || token.isBlank() ? null : token.strip());
    }

    public static AdminToken off() {
        return new AdminToken(null);
    }

    /**
     * @param lookup a configuration lookup (property, then environment), null when unset
     * @throws IllegalStateException for a token shorter than {@value #MIN_BYTES} bytes or an unreadable file, naming
     *                               the variable and never the token
     */
    public static AdminToken resolve(Function<String, String> lookup) {
        String token = lookup.apply(KEY);
        if (token != null && !token.isBlank()) {
            return of(longEnough(token.strip(), KEY));
        }
        String file = lookup.apply(FILE_KEY);
        if (file == null || file.isBlank()) {
            return off();
        }
        try {
            String content = Files.readString(Path.of(file.strip()), StandardCharsets.UTF_8).strip();
            if (content.isEmpty()) {
                throw new IllegalStateException(FILE_KEY + " names an empty file: " + file.strip());
            }
            return of(longEnough(content, FILE_KEY));
        } catch (IOException e) {
            throw new IllegalStateException(FILE_KEY + " names a file that cannot be read: " + file.strip());
        }
    }

    private static String longEnough(String token, String key) {
        int bytes = token.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_BYTES) {
            throw new IllegalStateException("the admin token in " + key + " is " + bytes + " bytes long: it must be"
                    + " at least " + MIN_BYTES + " (generate one with: openssl rand -hex 32)");
        }
        return token;
    }

    public boolean enabled() {
        return expected != null;
    }

    /** @param authorization the request's Authorization header, may be null */
    public boolean matches(String authorization) {
        if (expected == null || authorization == null) {
            return false;
        }
        String value = authorization.strip();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(expected, sha256(value.substring(7).strip()));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return enabled() ? "AdminToken[set]" : "AdminToken[off]";
    }
}
