package io.hooklane.verify;

import java.util.Locale;

/** Why a webhook's signature was refused. Each maps to a 401 with {@link #code()} as the machine-readable reason. */
public enum Reason {
    /** The signature header (or another header the scheme signs, such as its id or timestamp) is absent. */
    MISSING_SIGNATURE,
    /** A signature header is present but cannot be parsed (bad prefix, bad encoding, bad timestamp). */
    MALFORMED_SIGNATURE,
    /** Well-formed, but no signature matches any configured secret. */
    INVALID_SIGNATURE,
    /** The signed timestamp is further in the past or the future than the source's tolerance. */
    TIMESTAMP_OUT_OF_TOLERANCE,
    /** The body does not match its {@code Content-Digest} (UCP): changed after it was signed. */
    DIGEST_MISMATCH,
    /** The key would come from a UCP profile URL that is not on the source's trusted list; nothing is fetched. */
    UNTRUSTED_KEY_SOURCE,
    /** The trusted profile (or JWKS file) has no usable key with the signature's keyid, or cannot be fetched. */
    UNKNOWN_KEY;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
