package io.hooklane.sender;

/**
 * How one configured source expects its webhooks signed, as its {@code webhook-source} entry in the route files
 * declares it: the scheme, the variable holding the secret, and the generic scheme's header, algorithm, encoding,
 * prefix and timestamp header (empty when not declared).
 */
public record SourceSigning(String source, String scheme, String secretKey, String header, String algorithm,
                            String encoding, String prefix, String timestampHeader) {

    /** A source known only by its scheme name, signed as the sample configuration signs it. */
    public static SourceSigning ofScheme(String source, String scheme) {
        return new SourceSigning(source, scheme, SecretResolver.envVar(source), "", "", "", "", "");
    }
}
