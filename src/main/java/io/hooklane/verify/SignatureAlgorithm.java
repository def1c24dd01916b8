package io.hooklane.verify;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;

/**
 * The RFC 9421 asymmetric algorithms the {@code ucp} scheme verifies, each tied to the key type that implies it
 * (UCP derives the algorithm from the JWK's {@code kty}/{@code crv}). ECDSA signatures are the raw {@code r||s}
 * form RFC 9421 §3.3.4 prescribes.
 */
enum SignatureAlgorithm {
    ECDSA_P256_SHA256("ecdsa-p256-sha256", "SHA256withECDSAinP1363Format", 64),
    ECDSA_P384_SHA384("ecdsa-p384-sha384", "SHA384withECDSAinP1363Format", 96),
    ED25519("ed25519", "Ed25519", 64);

    private final String rfcName;
    private final String jcaName;
    private final int signatureLength;

    SignatureAlgorithm(String rfcName, String jcaName, int signatureLength) {
        this.rfcName = rfcName;
        this.jcaName = jcaName;
        this.signatureLength = signatureLength;
    }

    /** The name the {@code alg} parameter of {@code Signature-Input} uses. */
    String rfcName() {
        return rfcName;
    }

    /** Whether the signature verifies; a signature of the wrong length is simply false. */
    boolean verify(PublicKey key, byte[] signatureBase, byte[] signature) {
        if (signature == null || signature.length != signatureLength) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(jcaName);
            verifier.initVerify(key);
            verifier.update(signatureBase);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The JCA signature name, for signers. */
    String jcaName() {
        return jcaName;
    }
}
