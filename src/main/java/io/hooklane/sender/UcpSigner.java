package io.hooklane.sender;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.hooklane.config.DemoUcpKey;

/**
 * Universal Commerce Protocol: RFC 9530 {@code Content-Digest} (sha-256) over the body, then an RFC 9421
 * {@code ecdsa-p256-sha256} signature labelled {@code sig1} covering {@code @method}, {@code @authority},
 * {@code @path}, {@code content-digest} and {@code content-type}, with {@code created} and {@code keyid};
 * {@code UCP-Agent} names the signer's profile.
 */
public final class UcpSigner implements WebhookSigner {

    private static final String COVERED = "(\"@method\" \"@authority\" \"@path\" \"content-digest\" \"content-type\")";

    private final PrivateKey key;
    private final String kid;
    private final String profileUrl;
    private final Clock clock;

    public UcpSigner(PrivateKey key, String kid, String profileUrl, Clock clock) {
        this.key = key;
        this.kid = kid;
        this.profileUrl = profileUrl;
        this.clock = clock;
    }

    /**
     * Signs with the public demo key ({@link DemoUcpKey}); the profile is the one the dev gateway serves at the
     * origin posted to.
     */
    public static UcpSigner demo(Clock clock) {
        return new UcpSigner(DemoUcpKey.privateKey(), DemoUcpKey.KID, null, clock);
    }

    @Override
    public Map<String, String> sign(byte[] body, String topic, String url) {
        if (url == null) {
            throw new IllegalArgumentException("UCP signs the authority and path: pass the URL posted to");
        }
        URI uri = URI.create(url);
        String authority = uri.getRawAuthority().toLowerCase(Locale.ROOT);
        String defaultPort = "https".equalsIgnoreCase(uri.getScheme()) ? ":443" : ":80";
        if (authority.endsWith(defaultPort)) {
            authority = authority.substring(0, authority.length() - defaultPort.length()); // RFC 9421 §2.2.3
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String digest = "sha-256=:" + Base64.getEncoder().encodeToString(sha256(body)) + ":";
        String params = COVERED + ";created=" + clock.instant().getEpochSecond() + ";keyid=\"" + kid + "\"";
        String base = "\"@method\": POST\n"
                + "\"@authority\": " + authority + "\n"
                + "\"@path\": " + path + "\n"
                + "\"content-digest\": " + digest + "\n"
                + "\"content-type\": application/json\n"
                + "\"@signature-params\": " + params;
        String profile = profileUrl != null ? profileUrl
                : uri.getScheme() + "://" + uri.getRawAuthority() + DemoUcpKey.PROFILE_PATH;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("UCP-Agent", "profile=\"" + profile + "\"");
        headers.put("Content-Digest", digest);
        headers.put("Signature-Input", "sig1=" + params);
        headers.put("Signature", "sig1=:" + Base64.getEncoder().encodeToString(ecdsa(base)) + ":");
        return headers;
    }

    private byte[] ecdsa(String base) {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
            signer.initSign(key);
            signer.update(base.getBytes(StandardCharsets.UTF_8));
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the UCP key: " + e.getMessage(), e);
        }
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
