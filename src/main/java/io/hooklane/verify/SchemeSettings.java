package io.hooklane.verify;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How one source's signatures are checked: its scheme, its secrets (several during a rotation) and the scheme's
 * options. Immutable; built and validated by {@link Builder#build()}, whose messages name the bad key and value but
 * never a secret.
 */
public final class SchemeSettings {

    public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);

    private final String scheme;
    private final String source;
    private final List<Secret> secrets;
    private final Duration tolerance;
    private final Clock clock;
    private final String signedUrl;
    private final boolean signedUrlFromRequest;
    private final String header;
    private final Hmac.Algorithm algorithm;
    private final Hmac.Encoding encoding;
    private final String prefix;
    private final String timestampHeader;
    private final List<String> ucpTrustedProfiles;
    private final String ucpJwksFile;
    private final String ucpStaticKeys;
    private final String publicAuthority;
    private final Duration ucpKeyCacheTtl;
    private final Duration ucpFetchTimeout;
    private final int ucpMaxProfileBytes;
    private final PublicKey ucpRefusedKey;
    private final String secretKeyName;

    private SchemeSettings(Builder b, List<Secret> secrets, Hmac.Algorithm algorithm, Hmac.Encoding encoding) {
        this.scheme = b.scheme.trim().toLowerCase(Locale.ROOT);
        this.source = b.source;
        this.secrets = List.copyOf(secrets);
        this.tolerance = b.tolerance;
        this.clock = b.clock;
        this.signedUrl = blankToNull(b.signedUrl);
        this.signedUrlFromRequest = b.signedUrlFromRequest;
        this.header = blankToNull(b.header);
        this.algorithm = algorithm;
        this.encoding = encoding;
        this.prefix = b.prefix == null ? "" : b.prefix;
        this.timestampHeader = blankToNull(b.timestampHeader);
        this.ucpTrustedProfiles = b.ucpTrustedProfiles;
        this.ucpJwksFile = blankToNull(b.ucpJwksFile);
        this.ucpStaticKeys = blankToNull(b.ucpStaticKeys);
        this.publicAuthority = blankToNull(b.publicAuthority);
        this.ucpKeyCacheTtl = b.ucpKeyCacheTtl;
        this.ucpFetchTimeout = b.ucpFetchTimeout;
        this.ucpMaxProfileBytes = b.ucpMaxProfileBytes;
        this.ucpRefusedKey = b.ucpRefusedKey;
        this.secretKeyName = b.secretKeyName == null ? "the source's secretKey" : b.secretKeyName;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The scheme's name, lower case: one of {@link SignatureSchemes#names()}. */
    public String scheme() {
        return scheme;
    }

    public String source() {
        return source;
    }

    /** The configured secrets in order; a signature made with any of them is accepted. */
    public List<Secret> secrets() {
        return secrets;
    }

    public Duration tolerance() {
        return tolerance;
    }

    public Clock clock() {
        return clock;
    }

    /** The public URL the sender signs (Square), or null. */
    public String signedUrl() {
        return signedUrl;
    }

    /** Whether a scheme that signs the URL may use the request's own URL when no signed URL is configured. */
    public boolean signedUrlFromRequest() {
        return signedUrlFromRequest;
    }

    /** The generic scheme's signature header, or null. */
    public String header() {
        return header;
    }

    public Hmac.Algorithm algorithm() {
        return algorithm;
    }

    public Hmac.Encoding encoding() {
        return encoding;
    }

    /** The text before the signature in its header (such as {@code sha256=}), or empty. */
    public String prefix() {
        return prefix;
    }

    /** The generic scheme's timestamp header, or null for none. */
    public String timestampHeader() {
        return timestampHeader;
    }

    /** UCP: the profile URLs whose keys are trusted, exactly as a sender's {@code UCP-Agent} names them. */
    public List<String> ucpTrustedProfiles() {
        return ucpTrustedProfiles;
    }

    /** UCP: a JWKS file whose keys are trusted whatever the {@code UCP-Agent}, or null. */
    public String ucpJwksFile() {
        return ucpJwksFile;
    }

    /** UCP: a JWK set or profile document, inline, whose keys are trusted like the JWKS file's, or null. */
    public String ucpStaticKeys() {
        return ucpStaticKeys;
    }

    /** The authority ({@code host[:port]}) senders address, behind proxies; null: the request's Host header. */
    public String publicAuthority() {
        return publicAuthority;
    }

    public Duration ucpKeyCacheTtl() {
        return ucpKeyCacheTtl;
    }

    public Duration ucpFetchTimeout() {
        return ucpFetchTimeout;
    }

    public int ucpMaxProfileBytes() {
        return ucpMaxProfileBytes;
    }

    /** UCP: a public key never accepted (the public demo key outside the dev profile), or null. */
    public PublicKey ucpRefusedKey() {
        return ucpRefusedKey;
    }

    /** The name of the setting the secrets (UCP: the trusted profiles) come from, for error messages. */
    String secretKeyName() {
        return secretKeyName;
    }

    /** A configuration error about this source, worded like the builder's own. */
    IllegalArgumentException invalid(String problem) {
        return invalid(source, problem);
    }

    @Override
    public String toString() {
        return "SchemeSettings[scheme=" + scheme + ", source=" + source + ", secrets=" + secrets.size()
                + " x Secret[***], tolerance=" + tolerance + ", signedUrl=" + signedUrl
                + ", signedUrlFromRequest=" + signedUrlFromRequest + ", header=" + header
                + ", algorithm=" + algorithm.configName() + ", encoding=" + encoding.configName()
                + ", prefix=" + prefix + ", timestampHeader=" + timestampHeader + "]";
    }

    private static IllegalArgumentException invalid(String source, String problem) {
        return new IllegalArgumentException("hooklane source '" + source + "': " + problem);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Collects the values; {@link #build()} checks them all. Not thread-safe. */
    public static final class Builder {

        private String scheme;
        private String source;
        private String secrets;
        private Duration tolerance = DEFAULT_TOLERANCE;
        private Clock clock = Clock.systemUTC();
        private String signedUrl;
        private boolean signedUrlFromRequest;
        private String header;
        private String algorithm;
        private String encoding;
        private String prefix;
        private String timestampHeader;
        private List<String> ucpTrustedProfiles = List.of();
        private String ucpJwksFile;
        private String ucpStaticKeys;
        private String publicAuthority;
        private Duration ucpKeyCacheTtl = Duration.ofMinutes(5);
        private Duration ucpFetchTimeout = Duration.ofSeconds(5);
        private int ucpMaxProfileBytes = 256 * 1024;
        private PublicKey ucpRefusedKey;
        private String secretKeyName;

        private Builder() {
        }

        public Builder scheme(String scheme) {
            this.scheme = scheme;
            return this;
        }

        public Builder source(String source) {
            this.source = source;
            return this;
        }

        /** The secrets as configured: one, or several separated by commas during a rotation. */
        public Builder secrets(String secrets) {
            this.secrets = secrets;
            return this;
        }

        /** How far a signed timestamp may be from now, either way; positive, default 300 s. */
        public Builder tolerance(Duration tolerance) {
            this.tolerance = tolerance;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The public URL the sender signs (Square): the notification URL exactly as registered with it. */
        public Builder signedUrl(String signedUrl) {
            this.signedUrl = signedUrl;
            return this;
        }

        /** Lets a scheme that signs the URL use the request's own URL when no signed URL is set. Default false. */
        public Builder signedUrlFromRequest(boolean signedUrlFromRequest) {
            this.signedUrlFromRequest = signedUrlFromRequest;
            return this;
        }

        /** The generic scheme's signature header. */
        public Builder header(String header) {
            this.header = header;
            return this;
        }

        /** {@code sha256} (default) or {@code sha512}. */
        public Builder algorithm(String algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        /** {@code hex} (default) or {@code base64}. */
        public Builder encoding(String encoding) {
            this.encoding = encoding;
            return this;
        }

        /** Text the signature header starts with, such as {@code sha256=}; default none. */
        public Builder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        /** A header carrying a unix timestamp; when set, {@code <timestamp>.<body>} is signed and checked. */
        public Builder timestampHeader(String timestampHeader) {
            this.timestampHeader = timestampHeader;
            return this;
        }

        /** UCP: the trusted profile URLs (comma-separated); with the ucp scheme they replace the secrets. */
        public Builder ucpTrustedProfiles(String urls) {
            List<String> parsed = new ArrayList<>();
            if (urls != null) {
                for (String url : urls.split(",")) {
                    if (!url.isBlank()) {
                        parsed.add(url.trim());
                    }
                }
            }
            this.ucpTrustedProfiles = List.copyOf(parsed);
            return this;
        }

        public Builder ucpJwksFile(String file) {
            this.ucpJwksFile = file;
            return this;
        }

        /** UCP: keys trusted without fetching, given inline (the dev profile's demo key). */
        public Builder ucpStaticKeys(String json) {
            this.ucpStaticKeys = json;
            return this;
        }

        public Builder publicAuthority(String authority) {
            this.publicAuthority = authority;
            return this;
        }

        /** UCP: how long fetched profile keys are used before they are fetched again; default 5 min. */
        public Builder ucpKeyCacheTtl(Duration ttl) {
            this.ucpKeyCacheTtl = ttl;
            return this;
        }

        /** UCP: the bound on one profile fetch, connection and whole answer; default 5 s. */
        public Builder ucpFetchTimeout(Duration timeout) {
            this.ucpFetchTimeout = timeout;
            return this;
        }

        /** UCP: the largest profile accepted; default 256 KiB. */
        public Builder ucpMaxProfileBytes(int bytes) {
            this.ucpMaxProfileBytes = bytes;
            return this;
        }

        public Builder ucpRefusedKey(PublicKey key) {
            this.ucpRefusedKey = key;
            return this;
        }

        /** The setting's name that holds the secrets, named by error messages. */
        public Builder secretKeyName(String name) {
            this.secretKeyName = name;
            return this;
        }

        /**
         * The validated settings.
         *
         * @throws IllegalArgumentException naming the first bad key and its value (never a secret's value)
         */
        public SchemeSettings build() {
            if (source == null || source.isBlank()) {
                throw invalid(source, "source must not be blank but was " + quoted(source));
            }
            if (scheme == null || scheme.isBlank()) {
                throw invalid(source, "scheme must be one of " + SignatureSchemes.names() + " but was "
                        + quoted(scheme));
            }
            boolean keyed = "ucp".equalsIgnoreCase(scheme.trim());
            List<Secret> parsed = keyed ? List.of() : parseSecrets();
            if (ucpKeyCacheTtl == null || ucpKeyCacheTtl.compareTo(Duration.ofMinutes(1)) < 0) {
                throw invalid(source, "ucp key cache TTL must be at least 60 s but was " + ucpKeyCacheTtl);
            }
            if (ucpFetchTimeout == null || ucpFetchTimeout.isNegative() || ucpFetchTimeout.isZero()
                    || ucpFetchTimeout.compareTo(Duration.ofSeconds(30)) > 0) {
                throw invalid(source, "ucp fetch timeout must be between 1 ms and 30 s but was " + ucpFetchTimeout);
            }
            if (ucpMaxProfileBytes < 1024 || ucpMaxProfileBytes > 4 * 1024 * 1024) {
                throw invalid(source, "ucp max profile bytes must be between 1024 and 4194304 but was "
                        + ucpMaxProfileBytes);
            }
            if (tolerance == null || tolerance.isNegative() || tolerance.isZero()) {
                throw invalid(source, "tolerance must be positive but was " + tolerance);
            }
            if (clock == null) {
                throw invalid(source, "clock must not be null");
            }
            checkUrl();
            checkHeaderName("header", header);
            checkHeaderName("timestamp-header", timestampHeader);
            Hmac.Algorithm alg = algorithm == null ? Hmac.Algorithm.SHA256 : Hmac.Algorithm.parse(algorithm);
            if (alg == null) {
                throw invalid(source, "algorithm must be sha256 or sha512 but was " + quoted(algorithm));
            }
            Hmac.Encoding enc = encoding == null ? Hmac.Encoding.HEX : Hmac.Encoding.parse(encoding);
            if (enc == null) {
                throw invalid(source, "encoding must be hex or base64 but was " + quoted(encoding));
            }
            SchemeSettings settings = new SchemeSettings(this, parsed, alg, enc);
            SignatureSchemes.create(settings); // the scheme's own checks: its name, secrets' format, required options
            return settings;
        }

        private List<Secret> parseSecrets() {
            List<Secret> parsed = new ArrayList<>();
            if (secrets != null) {
                for (String entry : secrets.split(",")) {
                    if (!entry.isBlank()) {
                        parsed.add(Secret.ofText(entry.trim()));
                    }
                }
            }
            if (parsed.isEmpty()) {
                throw invalid(source, "secrets must contain at least one non-blank secret but was "
                        + (secrets == null ? "null" : "blank"));
            }
            return parsed;
        }

        private void checkUrl() {
            if (signedUrl == null || signedUrl.isBlank()) {
                return;
            }
            String url = signedUrl.trim();
            try {
                URI uri = new URI(url);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                    return;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            throw invalid(source, "signed-url must be an absolute http(s) URL but was " + quoted(url));
        }

        private void checkHeaderName(String key, String value) {
            if (value == null || value.isBlank()) {
                return;
            }
            String name = value.trim();
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                boolean token = c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
                if (!token) {
                    throw invalid(source, key + " must be an HTTP header name but was " + quoted(value));
                }
            }
        }

        private static String quoted(String value) {
            return value == null ? "null" : "'" + value + "'";
        }
    }
}
