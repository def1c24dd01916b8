package io.hooklane.sender;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Square: {@code x-square-hmacsha256-signature: base64(HMAC(key, notificationUrl + body))}. The notification URL is
 * the configured one when given, else the URL the request is posted to.
 */
public final class SquareSigner implements WebhookSigner {

    private final String signatureKey;
    private final String notificationUrl;

    public SquareSigner(String signatureKey) {
        this(signatureKey, null);
    }

    public SquareSigner(String signatureKey, String notificationUrl) {
        this.signatureKey = signatureKey;
        this.notificationUrl = notificationUrl;
    }

    @Override
    public Map<String, String> sign(byte[] body, String topic, String url) {
        String signedUrl = notificationUrl != null ? notificationUrl : url;
        if (signedUrl == null) {
            throw new IllegalArgumentException("Square signs the notification URL: pass the URL posted to");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-square-hmacsha256-signature",
                Hmac.base64(Hmac.sha256(signatureKey, Hmac.utf8(signedUrl), body)));
        return headers;
    }
}
