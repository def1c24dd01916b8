package io.hooklane.event;

import static io.hooklane.event.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GitHubNormalizerTest {

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
        CanonicalEvent event = normalize("github", gitHubHeaders("push"),
                "{\"ref\":\"refs/heads/main\",\"before\":\"6113728f27ae82c7b1a177c8d03f9e96e0adf246\"}");

        assertThat(event.type()).isEqualTo("github.push");
        assertThat(event.providerType()).isEqualTo("push");
    }

    @Test
    void accepts_a_form_encoded_payload_without_reading_an_action() throws Exception {
        Map<String, String> headers = gitHubHeaders("ping");
        headers.put("Content-Type", "application/x-www-form-urlencoded");

        CanonicalEvent event = normalize("github", headers, "payload=%7B%22zen%22%3A%22Keep+it+simple.%22%7D");

        assertThat(event.type()).isEqualTo("github.ping");
    }

    @Test
    void generates_an_id_without_delivery_header() throws Exception {
        Map<String, String> headers = gitHubHeaders("push");
        headers.remove("X-GitHub-Delivery");

        assertThat(normalize("github", headers, "{}").id()).isEqualTo(GENERATED_ID);
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
