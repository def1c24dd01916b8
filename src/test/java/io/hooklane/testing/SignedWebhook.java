package io.hooklane.testing;

import io.hooklane.sender.SamplePayload;
import io.hooklane.sender.SamplePayloads;
import io.hooklane.sender.SampleRequests;
import io.hooklane.sender.WebhookSigners;
import io.hooklane.verify.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A correctly signed webhook for a scheme, built from the sender's signers and sample payloads, with one-call
 * deviations for negative tests. Immutable: every method returns a new scenario, so a valid base can be shared.
 *
 * <pre>{@code
 * SignedWebhook.Request valid = SignedWebhook.stripe(SECRET).event("payment.failed").build();
 * SignedWebhook.Request stale = SignedWebhook.stripe(SECRET).at(now.minus(Duration.ofMinutes(6))).build();
 * SignedWebhook.Request forged = SignedWebhook.shopify(SECRET).signedWith("other").build();
 * assertThatThrownBy(() -> scheme.verify(SignedWebhook.github(SECRET).tamperedBody().toWebhookRequest()))...
 * }</pre>
 */
public final class SignedWebhook {

    /** The base URL requests are addressed to unless {@link #baseUrl} says otherwise. */
    public static final String DEFAULT_BASE_URL = "http://localhost:8080";

    private String scheme;
    private String secret;
    private String source;
    private String event = "order.created";
    private Instant at;
    private String id;
    private Supplier<String> ids;
    private byte[] body;
    private String signingSecret;
    private boolean tampered;
    private String baseUrl = DEFAULT_BASE_URL;
    private String notificationUrl;
    private Map<String, String> added = new LinkedHashMap<>();
    private Set<String> removed = new LinkedHashSet<>();

    private SignedWebhook() {
    }

    /** A valid webhook of the given scheme, sent by the source of the same name. */
    public static SignedWebhook of(String scheme, String secret) {
        if (!WebhookSigners.isScheme(scheme)) {
            throw new IllegalArgumentException("unknown scheme " + scheme + "; schemes: " + WebhookSigners.SCHEMES);
        }
        SignedWebhook w = new SignedWebhook();
        w.scheme = scheme;
        w.secret = secret;
        w.source = scheme;
        return w;
    }

    public static SignedWebhook standard(String whsecSecret) {
        return of("standard", whsecSecret);
    }

    public static SignedWebhook stripe(String secret) {
        return of("stripe", secret);
    }

    public static SignedWebhook shopify(String secret) {
        return of("shopify", secret);
    }

    public static SignedWebhook woocommerce(String secret) {
        return of("woocommerce", secret);
    }

    public static SignedWebhook github(String secret) {
        return of("github", secret);
    }

    public static SignedWebhook square(String signatureKey) {
        return of("square", signatureKey);
    }

    public static SignedWebhook paddle(String secret) {
        return of("paddle", secret);
    }

    public static SignedWebhook generic(String secret) {
        return of("generic", secret);
    }

    /** The source name in the path {@code /webhooks/<source>} (default: the scheme name). */
    public SignedWebhook source(String name) {
        return copy(w -> w.source = name);
    }

    /** The commerce event whose sample body is sent (default {@code order.created}). */
    public SignedWebhook event(String commerceEvent) {
        return copy(w -> w.event = commerceEvent);
    }

    /** When the platform signed it (default: the moment {@link #build} runs). */
    public SignedWebhook at(Instant instant) {
        return copy(w -> w.at = instant);
    }

    /** The delivery id the signer sends ({@code webhook-id}, {@code X-GitHub-Delivery}, ...). */
    public SignedWebhook id(String deliveryId) {
        return copy(w -> w.id = deliveryId);
    }

    /** The ids drawn for the body (default random), for byte-for-byte reproducible bodies. */
    public SignedWebhook ids(Supplier<String> bodyIds) {
        return copy(w -> w.ids = bodyIds);
    }

    /** Sends and correctly signs these bytes instead of the sample body. */
    public SignedWebhook withBody(byte[] bytes) {
        return copy(w -> w.body = bytes.clone());
    }

    public SignedWebhook withBody(String text) {
        return withBody(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Signs the body, then changes one byte of whitespace in it (still valid JSON). */
    public SignedWebhook tamperedBody() {
        return copy(w -> w.tampered = true);
    }

    /** Signs with another secret than the one the scenario was created with (the receiver expects that one). */
    public SignedWebhook signedWith(String otherSecret) {
        return copy(w -> w.signingSecret = otherSecret);
    }

    /** Drops a header after signing (case-insensitive). */
    public SignedWebhook withoutHeader(String name) {
        return copy(w -> w.removed.add(name.toLowerCase(Locale.ROOT)));
    }

    /** Sets or replaces a header after signing (case-insensitive). */
    public SignedWebhook withHeader(String name, String value) {
        return copy(w -> {
            w.removed.remove(name.toLowerCase(Locale.ROOT));
            w.added.keySet().removeIf(k -> k.equalsIgnoreCase(name));
            w.added.put(name, value);
        });
    }

    /** The base URL the request is addressed to (default {@value #DEFAULT_BASE_URL}). */
    public SignedWebhook baseUrl(String url) {
        return copy(w -> w.baseUrl = url);
    }

    /** Square only: sign this notification URL instead of the request URL. */
    public SignedWebhook notificationUrl(String url) {
        return copy(w -> w.notificationUrl = url);
    }

    /** The secret the receiver is expected to hold. */
    public String secret() {
        return secret;
    }

    public Request build() {
        Clock clock = Clock.fixed(at != null ? at : Instant.now(), ZoneOffset.UTC);
        Supplier<String> bodyIds = ids != null ? ids : SampleRequests.randomIds();
        SamplePayload sample = new SamplePayloads(bodyIds, clock).build(scheme, event);
        byte[] sent = body != null ? body.clone() : sample.body();
        Supplier<String> deliveryIds = id != null
                ? () -> id : WebhookSigners.deliveryIds(scheme, SampleRequests.randomIds());
        String url = SampleRequests.webhookUrl(baseUrl, source);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.putAll(WebhookSigners.forScheme(scheme, signingSecret != null ? signingSecret : secret, clock,
                deliveryIds, notificationUrl).sign(sent, sample.providerType(), url));
        headers.keySet().removeIf(k -> removed.contains(k.toLowerCase(Locale.ROOT)));
        added.forEach((name, value) -> {
            headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
            headers.put(name, value);
        });
        return new Request(source, url, headers, tampered ? tamper(sent) : sent);
    }

    /** Shortcut for {@code build().toWebhookRequest()}. */
    public WebhookRequest toWebhookRequest() {
        return build().toWebhookRequest();
    }

    private static byte[] tamper(byte[] signed) {
        String text = new String(signed, StandardCharsets.UTF_8);
        int brace = text.indexOf('{');
        String changed = brace >= 0 ? text.substring(0, brace + 1) + " " + text.substring(brace + 1) : text + " ";
        return changed.getBytes(StandardCharsets.UTF_8);
    }

    private SignedWebhook copy(Consumer<SignedWebhook> change) {
        SignedWebhook w = new SignedWebhook();
        w.scheme = scheme;
        w.secret = secret;
        w.source = source;
        w.event = event;
        w.at = at;
        w.id = id;
        w.ids = ids;
        w.body = body;
        w.signingSecret = signingSecret;
        w.tampered = tampered;
        w.baseUrl = baseUrl;
        w.notificationUrl = notificationUrl;
        w.added = new LinkedHashMap<>(added);
        w.removed = new LinkedHashSet<>(removed);
        change.accept(w);
        return w;
    }

    /** A built webhook: where it goes, its headers (in send order) and its raw body. */
    public static final class Request {

        private final String source;
        private final String url;
        private final Map<String, String> headers;
        private final byte[] body;

        Request(String source, String url, Map<String, String> headers, byte[] body) {
            this.source = source;
            this.url = url;
            this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            this.body = body;
        }

        public String source() {
            return source;
        }

        /** {@code /webhooks/<source>}. */
        public String path() {
            return "/webhooks/" + source;
        }

        /** The full URL, {@code <baseUrl>/webhooks/<source>}. */
        public String url() {
            return url;
        }

        public Map<String, String> headers() {
            return headers;
        }

        /** The header's value, looked up case-insensitively, or null. */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }

        public byte[] body() {
            return body.clone();
        }

        public String bodyString() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** As the gateway's verifiers receive it. */
        public WebhookRequest toWebhookRequest() {
            return new WebhookRequest(source, headers, body.clone(), url);
        }

        @Override
        public String toString() {
            return "SignedWebhook.Request[" + url + ", headers=" + headers.keySet() + ", bytes=" + body.length + "]";
        }
    }
}
