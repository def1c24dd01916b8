package io.hooklane.routes;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.hooklane.event.CanonicalEvent;
import io.hooklane.event.EventNormalizers;
import io.hooklane.event.MalformedPayloadException;
import io.hooklane.sender.WebhookSigners;
import io.hooklane.verify.SchemeSettings;
import io.hooklane.verify.SignatureSchemes;
import io.hooklane.verify.VerificationException;
import io.hooklane.verify.VerifiedWebhook;
import io.hooklane.verify.WebhookRequest;

/**
 * The CloudEvent a provider payload becomes at a source, without its real signature: the payload is signed with a
 * throwaway secret the way the source's scheme signs, verified with that secret (so only a verifier makes the
 * {@link VerifiedWebhook}, as at ingest), and normalized by the scheme's normalizer. Headers the caller gives (a
 * Shopify topic, a delivery id) are kept, except the signature and timestamp headers, which the signing makes.
 */
public final class ExplainedWebhook {

    private static final String URL = "https://explain.invalid/webhooks/";

    private ExplainedWebhook() {
    }

    /**
     * @param scheme     the source's signature scheme
     * @param typeHeader generic scheme, XML bodies: the header holding the type (null: the default)
     * @throws MalformedPayloadException when the scheme's normalizer cannot read the payload, as ingest would answer
     *                                   400 malformed_payload
     */
    public static CanonicalEvent normalize(String scheme, String source, byte[] payload, Map<String, String> headers,
                                           String typeHeader) throws MalformedPayloadException {
        String name = scheme.trim().toLowerCase(Locale.ROOT);
        String secret = secret();
        Map<String, String> given = new LinkedHashMap<>();
        headers.forEach((k, v) -> given.put(k.toLowerCase(Locale.ROOT), v));
        String topic = first(given, "x-shopify-topic", "x-wc-webhook-topic", "x-github-event");
        String id = given.get("webhook-id");
        Map<String, String> signed = WebhookSigners.forScheme(name, secret, Clock.systemUTC(),
                () -> id != null ? id : UUID.randomUUID().toString(), URL + source).sign(payload, topic, URL + source);
        Map<String, String> all = new LinkedHashMap<>();
        signed.forEach((k, v) -> all.put(k.toLowerCase(Locale.ROOT), v));
        given.forEach((k, v) -> {
            if (!all.containsKey(k) || !signatureHeader(k)) {
                all.put(k, v);
            }
        });
        all.values().removeIf(java.util.Objects::isNull);
        SchemeSettings.Builder settings = SchemeSettings.builder().scheme(name).source(source).secrets(secret)
                .signedUrl(URL + source);
        if (name.equals("generic")) {
            settings.header("X-Hooklane-Signature").algorithm("sha256").encoding("hex").prefix("sha256=");
        }
        VerifiedWebhook verified;
        try {
            verified = SignatureSchemes.create(settings.build())
                    .verify(new WebhookRequest(source, all, payload, URL + source));
        } catch (VerificationException e) {
            throw new IllegalStateException("the explain signature did not verify (" + e.reason() + ")", e);
        }
        CanonicalEvent event = EventNormalizers.forScheme(name, source, () -> UUID.randomUUID().toString(), typeHeader)
                .normalize(verified, Clock.systemUTC().instant());
        return event;
    }

    private static boolean signatureHeader(String name) {
        return name.contains("signature") || name.contains("hmac") || name.contains("timestamp")
                || name.equals("webhook-id");
    }

    private static String first(Map<String, String> headers, String... names) {
        for (String name : names) {
            if (headers.get(name) != null) {
                return headers.get(name);
            }
        }
        return null;
    }

    private static String secret() {
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
