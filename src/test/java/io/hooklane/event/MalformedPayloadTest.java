package io.hooklane.event;

import static io.hooklane.event.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MalformedPayloadTest {

    @ParameterizedTest(name = "rejects_truncated_json_for_{0}")
    @ValueSource(strings = {"standard", "stripe", "square", "paddle", "generic"})
    void rejects_truncated_json(String scheme) {
        assertThatThrownBy(() -> normalize(scheme, headers(), "{\"type\":\"order.created\",\"data\":{\"id\":"))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("payload is not valid JSON");
    }

    @ParameterizedTest(name = "rejects_a_non_json_body_for_{0}")
    @ValueSource(strings = {"standard", "stripe", "square", "paddle", "generic"})
    void rejects_a_non_json_body(String scheme) {
        assertThatThrownBy(() -> normalize(scheme, headers(), "type=order.created&id=1"))
                .isInstanceOf(MalformedPayloadException.class);
    }

    @ParameterizedTest(name = "rejects_an_empty_body_for_{0}")
    @ValueSource(strings = {"standard", "stripe", "square", "paddle", "generic"})
    void rejects_an_empty_body(String scheme) {
        assertThatThrownBy(() -> normalize(scheme, headers(), ""))
                .isInstanceOf(MalformedPayloadException.class);
    }

    @ParameterizedTest(name = "rejects_json_that_is_not_an_object_for_{0}")
    @ValueSource(strings = {"[{\"type\":\"order.created\"}]", "\"order.created\"", "42", "null"})
    void rejects_json_that_is_not_an_object(String body) {
        assertThatThrownBy(() -> normalize("generic", headers(), body))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("payload is not a JSON object");
    }

    @Test
    void rejects_trailing_content_after_the_object() {
        assertThatThrownBy(() -> normalize("stripe", headers(), "{\"type\":\"charge.succeeded\"} {\"type\":\"x\"}"))
                .isInstanceOf(MalformedPayloadException.class);
    }

    @Test
    void rejects_a_duplicate_type_field_as_ambiguous() {
        assertThatThrownBy(() -> normalize("stripe", headers(),
                "{\"type\":\"charge.succeeded\",\"type\":\"charge.refunded\"}"))
                .isInstanceOf(MalformedPayloadException.class);
    }

    @ParameterizedTest(name = "rejects_a_duplicate_key_nested_in_the_payload_for_{0}")
    @ValueSource(strings = {"standard", "stripe", "square", "paddle", "generic"})
    void rejects_a_duplicate_key_nested_in_the_payload(String scheme) {
        String body = "{\"type\":\"order.created\",\"event\":\"order.created\",\"event_type\":\"order.created\","
                + "\"data\":{\"object\":{\"id\":\"a\",\"id\":\"b\"}}}";

        assertThatThrownBy(() -> normalize(scheme, headers(), body))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("payload is not valid JSON");
    }

    @ParameterizedTest(name = "refuses_a_body_with_a_duplicate_key_for_a_checked_header_type_{0}")
    @ValueSource(strings = {"shopify", "woocommerce", "github"})
    void refuses_a_body_with_a_duplicate_key_where_a_checked_header_type_needs_it(String scheme) {
        assertThatThrownBy(() -> normalize(scheme, headers(
                "X-Shopify-Topic", "orders/paid", "X-WC-Webhook-Topic", "order.created", "X-GitHub-Event", "push"),
                "{\"id\":1,\"nested\":{\"a\":1,\"a\":2}}"))
                .isInstanceOfSatisfying(MalformedPayloadException.class, e -> assertThat(e.reason())
                        .isEqualTo(MalformedPayloadException.Reason.TYPE_MISMATCH))
                .hasMessageContaining("is not a JSON object");
    }

    @ParameterizedTest(name = "writes_a_body_with_a_duplicate_key_as_base64_for_header_typed_{0}")
    @ValueSource(strings = {"shopify", "woocommerce", "github"})
    void writes_a_body_with_a_duplicate_key_as_base64_where_only_headers_carry_the_type(String scheme)
            throws Exception {
        CanonicalEvent event = normalize(scheme, headers(
                "X-Shopify-Topic", "app/uninstalled", "X-WC-Webhook-Topic", "action.wp_login",
                "X-GitHub-Event", "gollum"),
                "{\"id\":1,\"nested\":{\"a\":1,\"a\":2}}");

        assertThat(event.subject()).isNull();
        assertThat(CloudEventJson.write(event)).asString(StandardCharsets.UTF_8).contains("\"data_base64\"");
    }

    @ParameterizedTest(name = "rejects_json_nested_1000_deep_for_{0}_as_malformed")
    @ValueSource(strings = {"standard", "stripe", "square", "paddle", "generic"})
    void rejects_deeply_nested_json_as_malformed_not_stack_overflow(String scheme) {
        assertThatThrownBy(() -> normalize(scheme, headers(), nested(1000)))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("nesting depth 64");
    }

    @ParameterizedTest(name = "tolerates_json_nested_1000_deep_for_header_typed_{0}")
    @ValueSource(strings = {"shopify", "woocommerce", "github"})
    void tolerates_deeply_nested_json_where_only_headers_carry_the_type(String scheme) throws Exception {
        CanonicalEvent event = normalize(scheme, headers(
                "X-Shopify-Topic", "app/uninstalled", "X-WC-Webhook-Topic", "action.wp_login",
                "X-GitHub-Event", "gollum"),
                nested(1000));

        assertThat(event.subject()).isNull();
        assertThat(CloudEventJson.write(event)).asString(StandardCharsets.UTF_8).contains("\"data_base64\"");
    }

    @Test
    void accepts_json_nested_exactly_64_deep() throws Exception {
        String body = "{\"type\":\"order.created\",\"data\":" + "[".repeat(63) + "]".repeat(63) + "}";

        assertThat(normalize("generic", headers(), body).type()).isEqualTo("order.created");
    }

    @Test
    void rejects_a_number_longer_than_100_digits() {
        assertThatThrownBy(() -> normalize("generic", headers(),
                "{\"type\":\"order.created\",\"data\":{\"id\":" + "9".repeat(101) + "}}"))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("limits");
    }

    @Test
    void never_quotes_the_payload_in_the_message() {
        assertThatThrownBy(() -> normalize("stripe", headers(), "{\"type\": sk_live_SECRETVALUE}"))
                .isInstanceOf(MalformedPayloadException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRETVALUE"))
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
    }

    static String nested(int depth) {
        return "{\"type\":\"order.created\",\"data\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
    }
}
