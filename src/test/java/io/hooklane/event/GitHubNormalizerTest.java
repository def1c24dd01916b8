package io.hooklane.event;

import static io.hooklane.event.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GitHubNormalizerTest {

    static final String PUSH = """
            {"ref":"refs/heads/main","before":"6113728f27ae82c7b1a177c8d03f9e96e0adf246",\
            "after":"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c","commits":[]}""";

    static Map<String, String> gitHubHeaders(String event) {
        return headers(
                "Content-Type", "application/json",
                "User-Agent", "GitHub-Hookshot/044aadd",
                "X-GitHub-Event", event,
                "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958",
                "X-GitHub-Hook-ID", "292430182",
                "X-Hub-Signature-256", "sha256=d57c68ca6f92289e6987922ff26938930f6e66a2d161ef06abdf1859230aa23c");
    }

    @Test
    void passes_github_event_and_action_through_prefixed() throws Exception {
        CanonicalEvent event = normalize("github", gitHubHeaders("pull_request"),
                "{\"action\":\"opened\",\"number\":2,\"pull_request\":{\"id\":279147437,\"state\":\"open\"}}");

        assertThat(event.type()).isEqualTo("github.pull_request.opened");
        assertThat(event.providerType()).isEqualTo("pull_request.opened");
        assertThat(event.id()).isEqualTo("72d3162e-cc78-11e3-81ab-4c9367dc0958");
        assertThat(event.time()).isEqualTo(RECEIVED_AT);
    }

    @Test
    void uses_the_event_alone_when_the_body_has_no_action() throws Exception {
        CanonicalEvent event = normalize("github", gitHubHeaders("push"), PUSH);

        assertThat(event.type()).isEqualTo("github.push");
        assertThat(event.providerType()).isEqualTo("push");
        assertThat(event.unsignedAttributes()).isEqualTo("type,id");
    }

    @Test
    void reads_the_action_of_a_form_encoded_payload() throws Exception {
        Map<String, String> headers = gitHubHeaders("issues");
        headers.put("Content-Type", "application/x-www-form-urlencoded");

        CanonicalEvent event = normalize("github", headers,
                "payload=%7B%22action%22%3A%22opened%22%2C%22issue%22%3A%7B%22number%22%3A1%7D%7D");

        assertThat(event.type()).isEqualTo("github.issues.opened");
        assertThat(CloudEventJson.write(event)).asString(java.nio.charset.StandardCharsets.UTF_8)
                .contains("\"data_base64\"");
    }

    @Test
    void accepts_a_form_encoded_ping() throws Exception {
        Map<String, String> headers = gitHubHeaders("ping");
        headers.put("Content-Type", "application/x-www-form-urlencoded");

        CanonicalEvent event = normalize("github", headers,
                "payload=%7B%22zen%22%3A%22Keep+it+simple.%22%2C%22hook_id%22%3A109948940%7D");

        assertThat(event.type()).isEqualTo("github.ping");
    }

    @ParameterizedTest(name = "accepts_github_{0}_with_its_shape")
    @CsvSource(delimiter = '|', value = {
            "issues | {\"action\":\"closed\",\"issue\":{\"number\":1}} | github.issues.closed",
            "issue_comment | {\"action\":\"created\",\"issue\":{},\"comment\":{}} | github.issue_comment.created",
            "pull_request_review | {\"action\":\"submitted\",\"pull_request\":{},\"review\":{}} "
                    + "| github.pull_request_review.submitted",
            "create | {\"ref\":\"v1\",\"ref_type\":\"tag\",\"master_branch\":\"main\"} | github.create",
            "delete | {\"ref\":\"v1\",\"ref_type\":\"tag\"} | github.delete",
            "star | {\"action\":\"created\",\"starred_at\":null} | github.star.created",
            "gollum | {\"pages\":[]} | github.gollum"})
    void accepts_an_event_whose_body_has_its_shape(String event, String body, String expected) throws Exception {
        assertThat(normalize("github", gitHubHeaders(event), body).type()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "refuses_github_{0}_with_a_body_whose_{2}")
    @CsvSource(delimiter = '|', value = {
            "issues | {\"issue\":{\"number\":1}} | 'action' is not a non-blank string",
            "issues | {\"action\":\"\",\"issue\":{}} | 'action' is not a non-blank string",
            "issues | {\"action\":\"created\",\"issue\":{},\"comment\":{}} | has 'comment'",
            "pull_request | {\"action\":\"opened\",\"issue\":{}} | lacks 'pull_request'",
            "pull_request | {\"action\":\"submitted\",\"pull_request\":{},\"review\":{}} | has 'review'",
            "pull_request_review_comment | {\"action\":\"created\",\"issue\":{},\"comment\":{}} | lacks 'pull_request'",
            "release | {\"action\":\"published\"} | lacks 'release'",
            "workflow_run | {\"action\":\"completed\",\"workflow_job\":{}} | lacks 'workflow_run'",
            "push | {\"action\":\"opened\",\"issue\":{}} | lacks 'ref'",
            "create | {\"ref\":\"v1\",\"ref_type\":\"tag\"} | lacks 'master_branch'",
            "delete | {\"ref\":\"v1\",\"ref_type\":\"tag\",\"master_branch\":\"main\"} | has 'master_branch'",
            "ping | {} | lacks 'zen'",
            "issues | not json | is not a JSON object"})
    void refuses_an_event_the_signed_body_contradicts_as_type_mismatch(String event, String body, String why) {
        assertThatThrownBy(() -> normalize("github", gitHubHeaders(event), body))
                .isInstanceOfSatisfying(MalformedPayloadException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MalformedPayloadException.Reason.TYPE_MISMATCH);
                    assertThat(e.getMessage()).startsWith("X-GitHub-Event '" + event + "' does not match")
                            .contains(why);
                });
    }

    @Test
    void generates_an_id_without_delivery_header() throws Exception {
        Map<String, String> headers = gitHubHeaders("push");
        headers.remove("X-GitHub-Delivery");

        CanonicalEvent event = normalize("github", headers, PUSH);

        assertThat(event.id()).isEqualTo(GENERATED_ID);
        assertThat(event.unsignedAttributes()).isEqualTo("type");
    }

    @Test
    void rejects_a_request_without_event_header() {
        Map<String, String> headers = gitHubHeaders("push");
        headers.remove("X-GitHub-Event");

        assertThatThrownBy(() -> normalize("github", headers, "{}"))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("X-GitHub-Event");
    }
}
