package io.hooklane.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.verify.VerifiedWebhook;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * GitHub: {@code X-GitHub-Event} plus the body's {@code action} ({@code pull_request.opened}). Not commerce, so it
 * always passes through prefixed. The body is read only for the action (GitHub may also send it form-encoded).
 */
final class GitHubNormalizer implements EventNormalizer {

    /** What this normalizer reads from the payload; the parser passes over the rest. */
    private static final FieldPaths FIELDS = FieldPaths.of("action");

    private final String source;
    private final Supplier<String> idGenerator;

    GitHubNormalizer(String source, Supplier<String> idGenerator) {
        this.source = source;
        this.idGenerator = idGenerator;
    }

    @Override
    public CanonicalEvent normalize(VerifiedWebhook webhook, Instant receivedAt) throws MalformedPayloadException {
        String event = Webhooks.header(webhook, "X-GitHub-Event");
        if (event == null) {
            throw new MalformedPayloadException("request lacks the 'X-GitHub-Event' header");
        }
        JsonNode body = Json.readObjectOrNull(webhook.body(), FIELDS);
        String action = JsonFields.text(body, "action");
        String providerType = action == null ? event : event + "." + action;
        String id = Webhooks.idOrGenerated(Webhooks.header(webhook, "X-GitHub-Delivery"), idGenerator);
        return new CanonicalEvent(id, source, CommerceTypes.passThrough(source, providerType), providerType,
                receivedAt, null, Webhooks.contentType(webhook, null), webhook.body(), body != null);
    }
}
