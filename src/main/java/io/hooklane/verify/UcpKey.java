package io.hooklane.verify;

import java.security.PublicKey;
import java.util.Objects;

/** One usable signing key of a UCP signer: its {@code kid}, the public key and the algorithm its type implies. */
record UcpKey(String kid, PublicKey publicKey, SignatureAlgorithm algorithm) {

    UcpKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(algorithm, "algorithm");
    }
}
