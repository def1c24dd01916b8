package io.hooklane.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Standard Webhooks (and Svix): headers {@code webhook-id}, {@code webhook-timestamp} and {@code webhook-signature}
 * (or their {@code svix-} twins). The signature header is a space-separated list of {@code v1,<base64>} entries,
 * each the HMAC-SHA256 of {@code <id>.<timestamp>.<body>} under the base64-decoded secret ({@code whsec_} prefix
 * optional). Entries of other versions are ignored.
 */
public final class StandardWebhooksScheme implements SignatureScheme {

    static final String SECRET_PREFIX = "whsec_";
    private static final String[] ID = {"webhook-id", "svix-id"};
    private static final String[] TIMESTAMP = {"webhook-timestamp", "svix-timestamp"};
    private static final String[] SIGNATURE = {"webhook-signature", "svix-signature"};
    private static final byte[] DOT = {'.'};

    private final List<Secret> keys;
    private final Duration tolerance;
    private final Clock clock;

    public StandardWebhooksScheme(SchemeSettings settings) {
        List<Secret> decoded = new ArrayList<>();
        for (int i = 0; i < settings.secrets().size(); i++) {
            String text = settings.secrets().get(i).text();
            byte[] key = Hmac.base64(text.startsWith(SECRET_PREFIX) ? text.substring(SECRET_PREFIX.length()) : text);
            if (key == null || key.length == 0) {
                throw settings.invalid("secret #" + (i + 1) + " must be base64, optionally prefixed '"
                        + SECRET_PREFIX + "', but was not (value hidden)");
            }
            decoded.add(Secret.ofBytes(key));
        }
        this.keys = List.copyOf(decoded);
        this.tolerance = settings.tolerance();
        this.clock = settings.clock();
    }

    @Override
    public VerifiedWebhook verify(WebhookRequest request) throws VerificationException {
        Checks.present(request);
        String id = Checks.header(request, ID);
        String timestamp = Checks.header(request, TIMESTAMP);
        List<byte[]> signatures = signatures(Checks.header(request, SIGNATURE));
        Checks.withinTolerance(Checks.timestamp(timestamp, TIMESTAMP[0]), clock, tolerance);
        return Checks.matched(Hmac.anyMatches(Hmac.Algorithm.SHA256, keys, signatures,
                Hmac.utf8(id), DOT, Hmac.utf8(timestamp), DOT, request.body()), request);
    }

    private static List<byte[]> signatures(String header) throws VerificationException {
        List<byte[]> signatures = new ArrayList<>();
        boolean malformed = false;
        for (String entry : header.split(" ")) {
            int comma = entry.indexOf(',');
            if (entry.isEmpty()) {
                continue;
            }
            if (comma < 0) {
                malformed = true;
            } else if (entry.substring(0, comma).equals("v1")) {
                byte[] signature = Hmac.base64(entry.substring(comma + 1));
                if (signature == null) {
                    malformed = true;
                } else {
                    signatures.add(signature);
                }
            }
        }
        if (signatures.isEmpty()) {
            if (malformed) {
                throw Checks.malformed(SIGNATURE[0] + " header cannot be parsed");
            }
            throw new VerificationException(Reason.INVALID_SIGNATURE, SIGNATURE[0] + " header has no v1 signature");
        }
        return signatures;
    }
}
