package io.hooklane.config;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;

/**
 * The public demo UCP signing key (ECDSA P-256): {@code bin/send ucp} signs with it, and the dev profile's gateway
 * serves its profile at {@code GET /demo/ucp/profile} and trusts it when no profile is configured. Its private half
 * is in this source file, so the prod profile refuses it wherever it appears.
 */
public final class DemoUcpKey {

    public static final String KID = "hooklane-demo-ucp";
    public static final String PROFILE_PATH = "/demo/ucp/profile";

    private static final String D = "qEU2ebTeTbojkuKzuiQe59eI0HVqCMjIXrMUfzVfho4";
    private static final String X = "6_d-ambqcU5tdg_ewFufsK7-kNA55oSV53KqlHzQLMY";
    private static final String Y = "vwxZI6NpLkFW014ol77ASIvt0ukzI-AAS51XrDGF9LM";

    private DemoUcpKey() {
    }

    public static PublicKey publicKey() {
        try {
            ECPoint point = new ECPoint(unsigned(X), unsigned(Y));
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, p256()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot build a P-256 key", e);
        }
    }

    public static PrivateKey privateKey() {
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(unsigned(D), p256()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot build a P-256 key", e);
        }
    }

    /** The UCP profile publishing the demo key in {@code signing_keys[]}. */
    public static String profileJson() {
        return "{\"ucp\":{\"version\":\"2026-04-08\"},\"signing_keys\":[{\"kid\":\"" + KID + "\",\"kty\":\"EC\","
                + "\"crv\":\"P-256\",\"x\":\"" + X + "\",\"y\":\"" + Y + "\",\"use\":\"sig\",\"alg\":\"ES256\"}]}";
    }

    private static ECParameterSpec p256() throws GeneralSecurityException {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        return parameters.getParameterSpec(ECParameterSpec.class);
    }

    private static BigInteger unsigned(String base64Url) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(base64Url));
    }
}
