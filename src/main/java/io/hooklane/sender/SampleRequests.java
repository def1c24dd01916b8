package io.hooklane.sender;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Builds the signed request a platform would send for one sample event. */
public final class SampleRequests {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SampleRequests() {
    }

    /** The request for {@code POST <baseUrl>/webhooks/<source>}; Square signs the URL posted to. */
    public static SampleRequest build(String source, String scheme, String event, String secret, String baseUrl,
            Clock clock, Supplier<String> ids) {
        return build(source, scheme, event, secret, baseUrl, clock, ids, null);
    }

    /**
     * As above; {@code squareNotificationUrl}, when not null, is the URL Square signs instead of the URL posted to
     * (the gateway behind a proxy knows its public URL as {@code SQUARE_WEBHOOK_URL}).
     */
    public static SampleRequest build(String source, String scheme, String event, String secret, String baseUrl,
            Clock clock, Supplier<String> ids, String squareNotificationUrl) {
        return build(SourceSigning.ofScheme(source, scheme), event, secret, baseUrl, clock, ids,
                squareNotificationUrl);
    }

    /** As above, for a source as the route files declare it ({@link WebhookSigners#forSource}). */
    public static SampleRequest build(SourceSigning signing, String event, String secret, String baseUrl,
            Clock clock, Supplier<String> ids, String squareNotificationUrl) {
        String scheme = signing.scheme();
        String url = webhookUrl(baseUrl, signing.source());
        SamplePayload payload = new SamplePayloads(ids, clock).build(scheme, event);
        WebhookSigner signer = WebhookSigners.forSource(signing, secret, clock,
                WebhookSigners.deliveryIds(scheme, ids), squareNotificationUrl);
        byte[] body = payload.body();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.putAll(signer.sign(body, payload.providerType(), url));
        return new SampleRequest(url, headers, body);
    }

    /** {@code <baseUrl>/webhooks/<source>}, tolerating a trailing slash on the base URL. */
    public static String webhookUrl(String baseUrl, String source) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + "/webhooks/" + source;
    }

    /** Random 24-character base62 ids, like the tails of Stripe's ids. */
    public static Supplier<String> randomIds() {
        return () -> {
            StringBuilder id = new StringBuilder(24);
            for (int i = 0; i < 24; i++) {
                id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            return id.toString();
        };
    }
}
