package io.hooklane.verify;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Universal Commerce Protocol order webhooks: RFC 9421 HTTP Message Signatures over an RFC 9530
 * {@code Content-Digest}, keys published in the signer's UCP profile (the {@code profile} of the {@code UCP-Agent}
 * header) or in a static JWKS file.
 *
 * <p>Order of checks: {@code Content-Digest} against the raw body; then each signature label of
 * {@code Signature-Input} that has a {@code Signature}: its {@code created} (when present) and {@code expires} within
 * the source's tolerance, the components it must cover ({@code @method}, {@code @authority} and {@code @path}, or
 * {@code @target-uri}, and {@code content-digest}), its key (the static file's, else the trusted profile's), the
 * {@code alg} parameter if any against the key's type, then the signature over the rebuilt signature base. The
 * webhook is accepted when at least one label passes; otherwise the first label's refusal is reported. At most
 * {@link #MAX_SIGNATURES} labels are checked.
 */
public final class UcpScheme implements SignatureScheme {

    static final String AGENT_HEADER = "UCP-Agent";
    static final String INPUT_HEADER = "Signature-Input";
    static final String SIGNATURE_HEADER = "Signature";
    /** Signatures checked per request at most, so that one request cannot buy many public-key operations. */
    static final int MAX_SIGNATURES = 8;

    private final Clock clock;
    private final Duration tolerance;
    private final String publicAuthority;
    private final Map<String, UcpKey> staticKeys;
    private final ProfileKeys profiles;

    public UcpScheme(SchemeSettings settings) {
        this.clock = settings.clock();
        this.tolerance = settings.tolerance();
        this.publicAuthority = settings.publicAuthority();
        for (String url : settings.ucpTrustedProfiles()) {
            String problem = ProfileKeys.unusable(url);
            if (problem != null) {
                throw settings.invalid("trusted UCP profile '" + url + "' " + problem);
            }
        }
        this.staticKeys = readJwks(settings);
        if (settings.ucpTrustedProfiles().isEmpty() && staticKeys.isEmpty()) {
            throw settings.invalid("the ucp scheme needs trusted profiles (" + settings.secretKeyName()
                    + ") or a JWKS file with usable keys but has neither");
        }
        PublicKey refused = settings.ucpRefusedKey();
        this.profiles = new ProfileKeys(settings.ucpTrustedProfiles(), settings.ucpKeyCacheTtl(),
                Duration.ofSeconds(60), settings.ucpFetchTimeout(), settings.ucpMaxProfileBytes(), clock,
                key -> refused != null && Arrays.equals(refused.getEncoded(), key.publicKey().getEncoded()));
    }

    private static Map<String, UcpKey> readJwks(SchemeSettings settings) {
        Map<String, UcpKey> keys = new LinkedHashMap<>();
        if (settings.ucpJwksFile() != null) {
            try {
                keys.putAll(JwkKeys.parse(Files.readAllBytes(Path.of(settings.ucpJwksFile()))));
            } catch (IOException | RuntimeException e) {
                throw settings.invalid("cannot read the UCP JWKS file '" + settings.ucpJwksFile() + "' ("
                        + e.getClass().getSimpleName() + ")");
            }
            PublicKey refused = settings.ucpRefusedKey();
            if (refused != null && keys.values().stream()
                    .anyMatch(k -> Arrays.equals(refused.getEncoded(), k.publicKey().getEncoded()))) {
                throw settings.invalid("the UCP JWKS file '" + settings.ucpJwksFile()
                        + "' holds the public demo key");
            }
        }
        if (settings.ucpStaticKeys() != null) {
            try {
                JwkKeys.parse(settings.ucpStaticKeys().getBytes(StandardCharsets.UTF_8)).forEach(keys::putIfAbsent);
            } catch (IOException e) {
                throw settings.invalid("the inline UCP keys are not a JWK set");
            }
        }
        return Map.copyOf(keys);
    }

    @Override
    public VerifiedWebhook verify(WebhookRequest request) throws VerificationException {
        Checks.present(request);
        String input = Checks.header(request, INPUT_HEADER);
        String signature = Checks.header(request, SIGNATURE_HEADER);
        if (request.body().length > 0) {
            ContentDigest.check(request);
        }
        Map<String, Object> inputs = dictionary(input, INPUT_HEADER);
        Map<String, Object> signatures = dictionary(signature, SIGNATURE_HEADER);
        String authority = publicAuthority != null ? publicAuthority : requestAuthority(request);
        var components = SignatureBase.components(request, "POST", authority);
        List<VerificationException> refusals = new ArrayList<>();
        for (Map.Entry<String, Object> label : inputs.entrySet()) {
            Object value = signatures.get(label.getKey());
            if (value == null) {
                continue;
            }
            if (refusals.size() == MAX_SIGNATURES) {
                break;
            }
            try {
                verifyLabel(request, label.getValue(), value, components);
                return new VerifiedWebhook(request);
            } catch (VerificationException e) {
                refusals.add(e);
            }
        }
        if (refusals.isEmpty()) {
            throw Checks.malformed("no label of Signature-Input has a Signature");
        }
        throw refusals.get(0);
    }

    private void verifyLabel(WebhookRequest request, Object input, Object signatureValue,
                             UnaryOperator<String> components) throws VerificationException {
        if (!(input instanceof StructuredFields.InnerList covered)) {
            throw Checks.malformed("a Signature-Input member is not an inner list");
        }
        byte[] signature = signatureValue instanceof StructuredFields.Item item ? item.bytes() : null;
        if (signature == null) {
            throw Checks.malformed("a Signature member is not a byte sequence");
        }
        Map<String, Object> params = covered.params();
        checkTimes(params);
        checkCoverage(covered, request.body().length > 0);
        if (!(params.get("keyid") instanceof String kid)) {
            throw Checks.malformed("the signature has no keyid");
        }
        UcpKey key = key(request, kid);
        Object alg = params.get("alg");
        if (alg != null && !key.algorithm().rfcName().equals(alg)) {
            throw new VerificationException(Reason.INVALID_SIGNATURE,
                    "the alg parameter does not match the key's type");
        }
        byte[] base = SignatureBase.build(covered, components);
        if (!key.algorithm().verify(key.publicKey(), base, signature)) {
            throw new VerificationException(Reason.INVALID_SIGNATURE, "signature does not match");
        }
    }

    private void checkTimes(Map<String, Object> params) throws VerificationException {
        // UCP leaves created optional (its replay protection is the business layer's id: here event_id, deduplicated);
        // when a signer sends it, it must be within the source's tolerance
        Object created = params.get("created");
        if (created != null) {
            if (!(created instanceof Long at)) {
                throw Checks.malformed("the created parameter is not an integer");
            }
            Checks.withinTolerance(at, clock, tolerance);
        }
        Object expires = params.get("expires");
        if (expires != null) {
            if (!(expires instanceof Long at)) {
                throw Checks.malformed("the expires parameter is not an integer");
            }
            if (clock.instant().getEpochSecond() > at) {
                throw new VerificationException(Reason.TIMESTAMP_OUT_OF_TOLERANCE, "the signature has expired");
            }
        }
    }

    private static void checkCoverage(StructuredFields.InnerList covered, boolean hasBody)
            throws VerificationException {
        List<Object> names = covered.items().stream().map(StructuredFields.Item::value).toList();
        boolean target = names.contains("@target-uri") || (names.contains("@authority") && names.contains("@path"));
        boolean method = names.contains("@method");
        boolean digest = !hasBody || names.contains("content-digest");
        if (!target || !method || !digest) {
            throw new VerificationException(Reason.INVALID_SIGNATURE, "the signature must cover @method, "
                    + "@authority and @path (or @target-uri) and content-digest");
        }
    }

    private UcpKey key(WebhookRequest request, String kid) throws VerificationException {
        UcpKey key = staticKeys.get(kid);
        if (key != null) {
            return key;
        }
        String agent = request.header(AGENT_HEADER);
        if (!profiles.trustsAny()) {
            throw new VerificationException(Reason.UNKNOWN_KEY, "the JWKS file has no usable key with this keyid");
        }
        if (agent == null || agent.isBlank()) {
            throw new VerificationException(Reason.MISSING_SIGNATURE, "missing " + AGENT_HEADER + " header");
        }
        Object profile = dictionary(agent, AGENT_HEADER).get("profile");
        String url = profile instanceof StructuredFields.Item item ? item.string() : null;
        if (url == null) {
            throw Checks.malformed(AGENT_HEADER + " has no profile string");
        }
        return profiles.key(url, kid);
    }

    /** The Host header (HTTP/1.1), else the authority of the URL the request was sent to (HTTP/2 :authority). */
    private static String requestAuthority(WebhookRequest request) {
        String host = request.header("host");
        if (host != null && !host.isBlank() || request.url() == null) {
            return host;
        }
        try {
            return new URI(request.url()).getRawAuthority();
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static Map<String, Object> dictionary(String value, String header) throws VerificationException {
        if (value.length() > Checks.MAX_HEADER_LENGTH) {
            throw Checks.malformed(header + " header is too long");
        }
        try {
            return StructuredFields.parseDictionary(value);
        } catch (StructuredFields.ParseException e) {
            throw Checks.malformed(header + " is not a structured-field dictionary: " + e.getMessage());
        }
    }
}
