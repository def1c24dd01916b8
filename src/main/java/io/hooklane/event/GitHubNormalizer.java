package io.hooklane.event;

import static io.hooklane.event.BodyShape.requiring;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.verify.VerifiedWebhook;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * GitHub: {@code X-GitHub-Event} plus the body's {@code action} ({@code pull_request.opened}). Not commerce, so it
 * always passes through prefixed. GitHub signs the body only, so the event header is believed for the events in
 * {@link #SHAPES} only when the signed body has that event's shape (an {@code issues} body has an {@code issue} and
 * an {@code action}); else the webhook is refused as {@link MalformedPayloadException.Reason#TYPE_MISMATCH}. The body
 * is read for the action and those members only; a form-encoded delivery's JSON is its {@code payload} parameter.
 */
final class GitHubNormalizer implements EventNormalizer {

    static final String EVENT_HEADER = "X-GitHub-Event";

    private static final String FORM = "application/x-www-form-urlencoded";

    /**
     * The events whose shape is checked: those whose payloads carry an {@code action} need it (the type is built from
     * it) and the object the event is about; events about the same objects are told apart by what only one of them
     * has ({@code issue_comment} has a {@code comment}, {@code issues} does not).
     */
    static final Map<String, BodyShape> SHAPES = Map.ofEntries(
            Map.entry("issues", action("issue").without("comment")),
            Map.entry("issue_comment", action("issue", "comment")),
            Map.entry("pull_request", action("pull_request").without("review", "comment", "thread")),
            Map.entry("pull_request_review", action("pull_request", "review")),
            Map.entry("pull_request_review_comment", action("pull_request", "comment")),
            Map.entry("pull_request_review_thread", action("pull_request", "thread")),
            Map.entry("release", action("release")),
            Map.entry("check_run", action("check_run")),
            Map.entry("check_suite", action("check_suite")),
            Map.entry("workflow_run", action("workflow_run")),
            Map.entry("workflow_job", action("workflow_job")),
            Map.entry("discussion", action("discussion").without("comment")),
            Map.entry("discussion_comment", action("discussion", "comment")),
            Map.entry("push", requiring("ref", "before", "after")),
            Map.entry("create", requiring("ref", "ref_type", "master_branch")),
            Map.entry("delete", requiring("ref", "ref_type").without("master_branch")),
            Map.entry("ping", requiring("zen", "hook_id")));

    /** What this normalizer reads from the payload; the parser passes over the rest. */
    private static final FieldPaths FIELDS = FieldPaths.of(List.of("action"), BodyShape.membersOf(SHAPES.values()));

    private final String source;
    private final Supplier<String> idGenerator;

    GitHubNormalizer(String source, Supplier<String> idGenerator) {
        this.source = source;
        this.idGenerator = idGenerator;
    }

    private static BodyShape action(String... members) {
        return requiring(members).withText("action");
    }

    @Override
    public CanonicalEvent normalize(VerifiedWebhook webhook, Instant receivedAt) throws MalformedPayloadException {
        String event = Webhooks.header(webhook, EVENT_HEADER);
        if (event == null) {
            throw new MalformedPayloadException("request lacks the '" + EVENT_HEADER + "' header");
        }
        boolean form = FORM.equals(MediaTypes.of(Webhooks.contentType(webhook, null)));
        byte[] json = form ? FormPayload.parameter(webhook.body(), "payload") : webhook.body();
        JsonNode body = json == null ? null : Json.readObjectOrNull(json, FIELDS);
        BodyShape shape = SHAPES.get(event);
        if (shape != null) {
            shape.confirm(body, EVENT_HEADER + " '" + event + "'");
        }
        String action = JsonFields.text(body, "action");
        String providerType = action == null ? event : event + "." + action;
        String deliveryId = Webhooks.header(webhook, "X-GitHub-Delivery");
        String id = Webhooks.idOrGenerated(deliveryId, idGenerator);
        return Webhooks.idFrom(deliveryId, new CanonicalEvent(id, source, CommerceTypes.passThrough(source,
                providerType), providerType, receivedAt, null, Webhooks.contentType(webhook, null), webhook.body(),
                !form && body != null, UnsignedAttributes.of(true, deliveryId != null, false)));
    }
}
