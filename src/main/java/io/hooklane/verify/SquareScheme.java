package io.hooklane.verify;

import java.util.List;

/**
 * Square: {@code x-square-hmacsha256-signature} is base64(HMAC-SHA256(signature key, notification URL + raw body)).
 * The URL is the configured signed URL, or the request's own URL when the settings allow it.
 */
public final class SquareScheme implements SignatureScheme {

    static final String HEADER = "x-square-hmacsha256-signature";

    private final List<Secret> secrets;
    private final String signedUrl;

    public SquareScheme(SchemeSettings settings) {
        if (settings.signedUrl() == null && !settings.signedUrlFromRequest()) {
            throw settings.invalid("signed-url must be set for the square scheme (the notification URL registered "
                    + "with Square) but was null");
        }
        this.secrets = settings.secrets();
        this.signedUrl = settings.signedUrl();
    }

    @Override
    public VerifiedWebhook verify(WebhookRequest request) throws VerificationException {
        Checks.present(request);
        byte[] signature = Hmac.base64(Checks.header(request, HEADER));
        if (signature == null) {
            throw Checks.malformed(HEADER + " header is not base64");
        }
        String url = signedUrl != null ? signedUrl : request.url();
        if (url == null || url.isEmpty()) {
            throw new VerificationException(Reason.MISSING_SIGNATURE, "the notification URL Square signs is unknown");
        }
        return Checks.matched(Hmac.anyMatches(Hmac.Algorithm.SHA256, secrets, List.of(signature),
                Hmac.utf8(url), request.body()), request);
    }
}
