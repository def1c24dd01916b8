package io.hooklane.ingest;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.hooklane.config.DemoSecrets;
import io.hooklane.config.DemoUcpKey;
import io.hooklane.config.StartupProblems;
import io.hooklane.event.EventEnvelope;
import io.hooklane.event.EventNormalizers;
import io.hooklane.event.GenericFields;
import io.hooklane.ingest.security.ClientAddressResolver;
import io.hooklane.ingest.security.ForwardingHeader;
import io.hooklane.ingest.security.IpAllowlist;
import io.hooklane.ingest.security.SourceRateLimiter;
import io.hooklane.metrics.HooklaneMetrics;
import io.hooklane.verify.SchemeSettings;
import io.hooklane.verify.SignatureSchemes;
import io.hooklane.verify.WebhookRequest;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Camel side of one webhook source (one instance per {@code webhook-source} template instance): reads the raw
 * request, hands it to {@link SourceIngest}, and leaves the CloudEvent in the body for the Kafka producer.
 * Configured by bean properties from the template; {@link #init()} validates them at start-up.
 */
public final class WebhookSourceProcessor implements Processor {

    public static final String EVENT_ID = "hooklane.eventId";
    public static final String DEDUP_KEY = "hooklane.dedupKey";
    public static final String SOURCE = "hooklane.source";
    /** Exchange property: the request headers (first value of each), as the sender sent them. */
    public static final String REQUEST_HEADERS = "hooklane.requestHeaders";
    /** Exchange property: the absolute URL the request was sent to. */
    public static final String REQUEST_URL = "hooklane.requestUrl";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSourceProcessor.class);

    private String source;
    private String scheme;
    private String secret;
    private String secretFile;
    private String secretKey;
    private long toleranceSeconds = 300;
    private String signedUrl;
    private String header;
    private String algorithm;
    private String encoding;
    private String prefix;
    private String timestampHeader;
    private String jwksFile;
    private String publicAuthority;
    private long ucpKeyCacheSeconds = 300;
    private long ucpFetchTimeoutMillis = 5000;
    private int ucpMaxProfileBytes = 256 * 1024;
    private String typeHeader = EventNormalizers.DEFAULT_TYPE_HEADER;
    private String idField = "";
    private String typeField = "";
    private String subjectField = "";
    private String timestampField = "";
    private long maxBodySize = 5 * 1024 * 1024;
    private long bodyTimeoutMillis = 30_000;
    private String contentTypes = "application/json";
    private boolean demoSecretsAllowed;
    private Clock clock = Clock.systemUTC();
    private String allowedIps = "";
    private String trustedProxies = "";
    private String clientAddressHeader = "";
    private double rateLimit;
    private int rateBurst;
    private HooklaneMetrics metrics;
    private StartupProblems startupProblems;
    private ErrorResponder errors;
    private SourceIngest ingest;
    private IpAllowlist allowlist;
    private ClientAddressResolver clients;
    private SourceRateLimiter rateLimiter;
    private WarmupSource warmupSource;

    public void init() {
        require("source", source);
        require("scheme", scheme);
        if (errors == null) {
            throw new IllegalArgumentException("hooklane source '" + source + "': errors (the error responder) is not set");
        }
        if (maxBodySize <= 0) {
            throw new IllegalArgumentException(
                    "hooklane source '" + source + "': maxBodySize must be positive but was " + maxBodySize);
        }
        boolean ucp = "ucp".equals(scheme);
        // UCP trusts keys (profiles or a JWKS file), not a shared secret
        String secrets = ucp ? null : resolveSecret();
        if (!ucp && secrets == null) {
            // reported: start-up is refused once every source and destination has been checked
            return;
        }
        SchemeSettings.Builder settings = SchemeSettings.builder()
                .source(source).scheme(scheme).secretKeyName(secretKey)
                .tolerance(Duration.ofSeconds(toleranceSeconds)).clock(clock).publicAuthority(publicAuthority);
        if (ucp) {
            String trusted;
            try {
                trusted = resolveTrustedProfiles();
            } catch (IllegalArgumentException e) {
                problem("hooklane source '" + source + "' trusts no UCP profile",
                        secretKey + " (comma-separated profile URLs) or UCP_JWKS_FILE");
                return;
            }
            settings.ucpTrustedProfiles(trusted).ucpJwksFile(jwksFile)
                    .ucpKeyCacheTtl(Duration.ofSeconds(ucpKeyCacheSeconds))
                    .ucpFetchTimeout(Duration.ofMillis(ucpFetchTimeoutMillis)).ucpMaxProfileBytes(ucpMaxProfileBytes)
                    .ucpRefusedKey(demoSecretsAllowed ? null : DemoUcpKey.publicKey());
            if (trusted == null && !notBlank(jwksFile)) {
                // dev profile, nothing configured: the demo key, as the demo profile publishes it (not fetched: a
                // fetch from this gateway to itself would hold an event loop it may need to answer)
                settings.ucpStaticKeys(DemoUcpKey.profileJson());
            }
        } else {
            settings.secrets(secrets);
        }
        if (notBlank(signedUrl)) {
            settings.signedUrl(signedUrl);
        } else if ("square".equals(scheme)) {
            settings.signedUrlFromRequest(true);
        }
        if (notBlank(header)) {
            settings.header(header);
        }
        if (notBlank(algorithm)) {
            settings.algorithm(algorithm);
        }
        if (notBlank(encoding)) {
            settings.encoding(encoding);
        }
        if (notBlank(prefix)) {
            settings.prefix(prefix);
        }
        if (notBlank(timestampHeader)) {
            settings.timestampHeader(timestampHeader);
        }
        Set<String> mediaTypes = new LinkedHashSet<>();
        Arrays.stream(contentTypes.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(mediaTypes::add);
        ingest = new SourceIngest(source, SignatureSchemes.create(settings.build()),
                EventNormalizers.forScheme(scheme, source, () -> UUID.randomUUID().toString(), typeHeader,
                        genericFields()),
                mediaTypes, maxBodySize, clock);
        allowlist = IpAllowlist.parse(allowedIps);
        clients = ClientAddressResolver.trusting(trustedProxies, ForwardingHeader.fromSetting(clientAddressHeader));
        if (rateLimit < 0 || (rateLimit > 0 && rateBurst < 1)) {
            throw new IllegalArgumentException("hooklane source '" + source + "': rateLimit must be >= 0 (0 = off) and"
                    + " rateBurst >= 1 but were " + rateLimit + " and " + rateBurst);
        }
        rateLimiter = rateLimit > 0 ? new SourceRateLimiter(source, rateLimit, rateBurst) : null;
        // UCP signs with the sender's private key, which the gateway does not hold: its path is not warmed up
        warmupSource = ucp ? null : new WarmupSource(ingest, new io.hooklane.sender.SourceSigning(source, scheme,
                secretKey, nullToEmpty(header), nullToEmpty(algorithm), nullToEmpty(encoding), nullToEmpty(prefix),
                nullToEmpty(timestampHeader)), secrets.split(",")[0].trim(), notBlank(signedUrl) ? signedUrl : null, clock);
        LOG.info("Webhook source '{}' ready: scheme {}, POST /webhooks/{}, allowed addresses: {}, rate limit: {}",
                source, scheme, source, allowlist.allowsAll() ? "any" : allowedIps,
                rateLimiter == null ? "off" : rateLimit + "/s per client, burst " + rateBurst);
    }

    private GenericFields genericFields() {
        if (!"generic".equals(scheme.trim().toLowerCase(java.util.Locale.ROOT))
                && (notBlank(idField) || notBlank(typeField) || notBlank(subjectField) || notBlank(timestampField))) {
            throw new IllegalArgumentException("hooklane source '" + source + "': idField, typeField, subjectField and"
                    + " timestampField apply to the generic scheme only, but the scheme is '" + scheme + "'");
        }
        try {
            return GenericFields.of(idField, typeField, subjectField, timestampField,
                    Duration.ofSeconds(toleranceSeconds), clock);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hooklane source '" + source + "': " + e.getMessage());
        }
    }

    /** The configured secret(s); null when a problem was reported to {@link #startupProblems} instead of thrown. */
    private String resolveSecret() {
        String configured;
        try {
            configured = notBlank(secret) ? secret : readSecretFile();
        } catch (IllegalArgumentException e) {
            return problem(e.getMessage(), secretKey + "_FILE (a readable file) or " + secretKey);
        }
        if (configured != null) {
            boolean demo = Arrays.stream(configured.split(",")).anyMatch(s -> DemoSecrets.isDemo(source, scheme, s));
            if (demo && !demoSecretsAllowed) {
                return problem("hooklane source '" + source + "' is configured with the public demo secret in "
                        + secretKey, "a real secret in " + secretKey);
            }
            return configured;
        }
        if (demoSecretsAllowed) {
            LOG.warn("Webhook source '{}' has no secret ({} is not set): using the PUBLIC demo secret. "
                    + "Never expose this gateway like this; the prod profile refuses to start.", source, secretKey);
            return DemoSecrets.forSource(source, scheme);
        }
        return problem("hooklane source '" + source + "' has no secret", secretKey + " (or " + secretKey + "_FILE)");
    }

    /** Reports the problem to the start-up check when there is one (every problem refused at once), else throws. */
    private String problem(String what, String variables) {
        if (startupProblems == null) {
            throw new IllegalArgumentException(what + ": set " + variables);
        }
        startupProblems.report(what, variables);
        return null;
    }

    /**
     * UCP: the trusted profile URLs from the source's variable (or its file), or null when neither is set: then the
     * source needs a JWKS file, or (dev profile) trusts the public demo key.
     */
    private String resolveTrustedProfiles() {
        String configured = notBlank(secret) ? secret : readSecretFile();
        if (configured != null || notBlank(jwksFile)) {
            return configured;
        }
        if (demoSecretsAllowed) {
            LOG.warn("Webhook source '{}' trusts no UCP profile ({} is not set): trusting the PUBLIC demo key '{}' "
                    + "(published at {}). The prod profile refuses it.", source, secretKey, DemoUcpKey.KID,
                    DemoUcpKey.PROFILE_PATH);
            return null;
        }
        throw new IllegalArgumentException("hooklane source '" + source + "' trusts no UCP profile: set " + secretKey
                + " (comma-separated profile URLs) or the source's jwksFile");
    }

    private String readSecretFile() {
        if (notBlank(secretFile)) {
            try {
                return Files.readString(Path.of(secretFile.trim()), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new IllegalArgumentException("hooklane source '" + source + "': cannot read secret file "
                        + secretKey + "_FILE=" + secretFile + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        return null;
    }

    /**
     * The checks made before the body is read: client address (allowlist, rate limit), declared length, media
     * type. The {@code hooklane-ingest} consumer runs them on the event loop and answers a refusal itself.
     */
    public void checkRequest(HttpServerRequest request) throws WebhookRejectedException {
        checkClient(request);
        String length = request.getHeader("content-length");
        if (length != null && isLongerThan(length, ingest.maxBodyBytes())) {
            throw ingest.tooLarge();
        }
        ingest.checkMediaType(request.getHeader("content-type"));
    }

    /**
     * Verifies and normalizes one fully read request: the raw body bytes in the message body, the request headers
     * and URL in exchange properties (set by the consumer). Leaves the CloudEvent in the body, its key in the
     * Kafka key header and its attributes in the {@link EventEnvelope} headers.
     */
    @Override
    public void process(Exchange exchange) throws Exception {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        @SuppressWarnings("unchecked")
        Map<String, String> headers = exchange.getProperty(REQUEST_HEADERS, Map.class);
        AcceptedEvent event = ingest.accept(new WebhookRequest(source, headers, body,
                exchange.getProperty(REQUEST_URL, String.class)));

        exchange.setProperty(EVENT_ID, event.id());
        exchange.setProperty(DEDUP_KEY, event.dedupKey());
        Message out = exchange.getMessage();
        // only these headers go on: put into the message's own map, not a copy of a new one
        out.getHeaders().clear();
        out.setHeader(KafkaConstants.KEY, event.key());
        // the attributes ride along as Kafka headers: routing and delivery need not parse the CloudEvent for them
        event.envelope().forEachHeader(out::setHeader);
        out.setBody(event.cloudEvent());
        String warmupTopic = exchange.getProperty(WarmupPass.TOPIC_PROPERTY, String.class);
        if (warmupTopic != null) {
            // the start-up warm-up's webhook: its CloudEvent goes to the warm-up topic, which nothing reads
            out.setHeader(KafkaConstants.OVERRIDE_TOPIC, warmupTopic);
        }
    }

    /** Registers this source's series at 0 (received, accepted, duplicate, rejected by reason). */
    public void registerSeries() {
        if (metrics != null) {
            metrics.source(source);
        }
    }

    public void received() {
        if (metrics != null) {
            metrics.received(source);
        }
    }

    public String source() {
        return source;
    }

    /** What the warm-up needs to sign and run a synthetic webhook through this source; null when it cannot. */
    WarmupSource warmupSource() {
        return warmupSource;
    }

    public long maxBodyBytes() {
        return ingest.maxBodyBytes();
    }

    public long bodyTimeoutMillis() {
        return bodyTimeoutMillis;
    }

    public WebhookRejectedException tooLarge() {
        return ingest.tooLarge();
    }

    public ErrorResponder errors() {
        return errors;
    }

    /** The IP allowlist and the rate limit, on the client address (behind trusted proxies: the forwarded one). */
    private void checkClient(HttpServerRequest request) throws WebhookRejectedException {
        if (allowlist.allowsAll() && rateLimiter == null) {
            return;
        }
        InetAddress client = clients.resolve(request.remoteAddress().hostAddress(),
                joined(request, clients.headerName()));
        if (!allowlist.allows(client)) {
            throw new WebhookRejectedException(RejectReason.IP_NOT_ALLOWED,
                    "source '" + source + "' does not accept webhooks from this address");
        }
        if (rateLimiter != null) {
            SourceRateLimiter.Decision decision = rateLimiter.tryAcquire(client.getHostAddress());
            if (!decision.allowed()) {
                throw new WebhookRejectedException(RejectReason.RATE_LIMITED,
                        "too many webhooks for source '" + source + "' from this address",
                        decision.retryAfterSeconds());
            }
        }
    }

    private static String joined(HttpServerRequest request, String header) {
        var values = request.headers().getAll(header);
        return values.isEmpty() ? null : String.join(", ", values);
    }

    private static boolean isLongerThan(String contentLength, long max) {
        try {
            return Long.parseLong(contentLength.trim()) > max;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void require(String key, String value) {
        if (!notBlank(value)) {
            throw new IllegalArgumentException("hooklane webhook-source template: parameter '" + key
                    + "' is required but was '" + value + "'");
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    public void setSource(String source) { this.source = source; }
    public void setScheme(String scheme) { this.scheme = scheme; }
    public void setSecret(String secret) { this.secret = secret; }
    public void setSecretFile(String secretFile) { this.secretFile = secretFile; }
    public void setSecretKey(String secretKey) { this.secretKey = secretKey; }
    public void setToleranceSeconds(long toleranceSeconds) { this.toleranceSeconds = toleranceSeconds; }
    public void setSignedUrl(String signedUrl) { this.signedUrl = signedUrl; }
    public void setHeader(String header) { this.header = header; }
    public void setAlgorithm(String algorithm) { this.algorithm = algorithm; }
    public void setEncoding(String encoding) { this.encoding = encoding; }
    public void setPrefix(String prefix) { this.prefix = prefix; }
    public void setTimestampHeader(String timestampHeader) { this.timestampHeader = timestampHeader; }
    public void setJwksFile(String jwksFile) { this.jwksFile = jwksFile; }
    public void setPublicAuthority(String publicAuthority) { this.publicAuthority = publicAuthority; }
    public void setUcpKeyCacheSeconds(long seconds) { this.ucpKeyCacheSeconds = seconds; }
    public void setUcpFetchTimeoutMillis(long millis) { this.ucpFetchTimeoutMillis = millis; }
    public void setUcpMaxProfileBytes(int bytes) { this.ucpMaxProfileBytes = bytes; }
    public void setTypeHeader(String typeHeader) { this.typeHeader = typeHeader; }
    public void setIdField(String idField) { this.idField = idField; }
    public void setTypeField(String typeField) { this.typeField = typeField; }
    public void setSubjectField(String subjectField) { this.subjectField = subjectField; }
    public void setTimestampField(String timestampField) { this.timestampField = timestampField; }
    public void setMaxBodySize(long maxBodySize) { this.maxBodySize = maxBodySize; }
    public void setBodyTimeoutMillis(long bodyTimeoutMillis) { this.bodyTimeoutMillis = bodyTimeoutMillis; }
    public void setContentTypes(String contentTypes) { this.contentTypes = contentTypes; }
    public void setDemoSecretsAllowed(boolean demoSecretsAllowed) { this.demoSecretsAllowed = demoSecretsAllowed; }
    public void setClock(Clock clock) { this.clock = clock; }
    public void setAllowedIps(String allowedIps) { this.allowedIps = allowedIps; }
    public void setTrustedProxies(String trustedProxies) { this.trustedProxies = trustedProxies; }
    public void setClientAddressHeader(String clientAddressHeader) { this.clientAddressHeader = clientAddressHeader; }
    public void setRateLimit(double rateLimit) { this.rateLimit = rateLimit; }
    public void setRateBurst(int rateBurst) { this.rateBurst = rateBurst; }
    public void setMetrics(HooklaneMetrics metrics) { this.metrics = metrics; }
    public void setStartupProblems(StartupProblems startupProblems) { this.startupProblems = startupProblems; }
    public void setErrors(ErrorResponder errors) { this.errors = errors; }

    @Override
    public String toString() {
        return "WebhookSourceProcessor[source=" + source + ", scheme=" + scheme + "]";
    }
}
