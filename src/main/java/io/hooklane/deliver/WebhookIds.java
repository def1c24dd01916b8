package io.hooklane.deliver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The {@code webhook-id} a receiver sees: derived from the destination and the event, so it is the same across
 * retries, redeliveries after a crash, and dead-letter replays. It is the receiver's idempotency key.
 */
public final class WebhookIds {

    private WebhookIds() {
    }

    public static String of(String destination, String source, String eventId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((destination + '\n' + source + '\n' + eventId).getBytes(StandardCharsets.UTF_8));
            return "msg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
