package io.hooklane.verify;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * RFC 9530 {@code Content-Digest}: {@code sha-256=:<base64>:} and/or {@code sha-512=:<base64>:} over the raw body
 * bytes, checked before anything reads the body. Every supported digest present must match; other algorithms are
 * ignored; a field without a supported one is refused.
 */
final class ContentDigest {

    static final String HEADER = "Content-Digest";

    private ContentDigest() {
    }

    /** Checks the header against the body; refuses MISSING_SIGNATURE, MALFORMED_SIGNATURE or DIGEST_MISMATCH. */
    static void check(WebhookRequest request) throws VerificationException {
        String value = Checks.header(request, HEADER);
        Map<String, Object> members;
        try {
            members = StructuredFields.parseDictionary(value);
        } catch (StructuredFields.ParseException e) {
            throw Checks.malformed("Content-Digest is not a structured-field dictionary: " + e.getMessage());
        }
        boolean checked = false;
        for (Map.Entry<String, Object> member : members.entrySet()) {
            String algorithm = javaName(member.getKey());
            if (algorithm == null) {
                continue;
            }
            byte[] claimed = member.getValue() instanceof StructuredFields.Item item ? item.bytes() : null;
            if (claimed == null) {
                throw Checks.malformed("Content-Digest " + member.getKey() + " is not a byte sequence");
            }
            if (!MessageDigest.isEqual(claimed, digest(algorithm, request.body()))) {
                throw new VerificationException(Reason.DIGEST_MISMATCH,
                        "Content-Digest " + member.getKey() + " does not match the body");
            }
            checked = true;
        }
        if (!checked) {
            throw Checks.malformed("Content-Digest has neither sha-256 nor sha-512");
        }
    }

    /** The header value a sender puts on a body: {@code sha-256=:<base64>:}. */
    static String sha256Header(byte[] body) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(digest("SHA-256", body)) + ":";
    }

    private static String javaName(String algorithm) {
        switch (algorithm) {
            case "sha-256": return "SHA-256";
            case "sha-512": return "SHA-512";
            default: return null;
        }
    }

    static byte[] digest(String algorithm, byte[] body) {
        try {
            return MessageDigest.getInstance(algorithm).digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from the JDK", e);
        }
    }
}
