package io.hooklane.event;

import static io.hooklane.event.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class GenericNormalizerTest {

    @Test
    void keeps_the_generic_event_as_is_with_numeric_subject_as_string() throws Exception {
        CanonicalEvent event = normalize("generic", headers("Content-Type", "application/json"),
                "{\"event\":\"order.created\",\"timestamp\":\"2025-02-03T04:05:06+01:00\","
                        + "\"data\":{\"id\":1234,\"total\":\"9.99\"}}");

        assertThat(event.type()).isEqualTo("order.created");
        assertThat(event.providerType()).isEqualTo("order.created");
        assertThat(event.subject()).isEqualTo("1234");
        assertThat(event.time()).isEqualTo(Instant.parse("2025-02-03T03:05:06Z"));
        assertThat(event.id()).isEqualTo(GENERATED_ID);
    }

    @Test
    void accepts_type_instead_of_event_and_a_top_level_id() throws Exception {
        CanonicalEvent event = normalize("generic", headers(),
                "{\"id\":\"ord-evt-77\",\"type\":\"loyalty.points_added\",\"timestamp\":1735689600,"
                        + "\"data\":{\"id\":\"cust-9\"}}");

        assertThat(event.type()).isEqualTo("loyalty.points_added");
        assertThat(event.id()).isEqualTo("ord-evt-77");
        assertThat(event.time()).isEqualTo(Instant.ofEpochSecond(1735689600));
        assertThat(event.subject()).isEqualTo("cust-9");
    }

    @Test
    void uses_the_receive_time_without_timestamp() throws Exception {
        assertThat(normalize("generic", headers(), "{\"event\":\"order.updated\"}").time()).isEqualTo(RECEIVED_AT);
    }

    @Test
    void rejects_a_body_without_event_or_type() {
        assertThatThrownBy(() -> normalize("generic", headers(), "{\"data\":{\"id\":1}}"))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("payload lacks the 'event' or 'type' field");
    }

    private static CanonicalEvent withFields(GenericFields fields, String body) throws Exception {
        return EventNormalizers.forScheme("generic", "generic", () -> GENERATED_ID, null, fields)
                .normalize(webhook("generic", headers(), body.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        RECEIVED_AT);
    }

    private static GenericFields fields(String id, String type, String subject, String timestamp, long nowEpoch) {
        return GenericFields.of(id, type, subject, timestamp, java.time.Duration.ofSeconds(300),
                java.time.Clock.fixed(Instant.ofEpochSecond(nowEpoch), java.time.ZoneOffset.UTC));
    }

    @Test
    void gives_an_order_without_id_its_order_id_as_subject_and_marks_its_id_as_generated() throws Exception {
        CanonicalEvent event = normalize("generic", headers(), "{\"event\":\"order.created\",\"timestamp\":1700000000,"
                + "\"data\":{\"order_id\":\"ORD-12345\",\"total\":99.99}}");

        assertThat(event.subject()).isEqualTo("ORD-12345");
        assertThat(event.time()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(event.idGenerated()).isTrue();
    }

    @Test
    void a_provider_id_is_not_marked_generated() throws Exception {
        assertThat(normalize("generic", headers(), "{\"id\":\"e1\",\"event\":\"x\"}").idGenerated()).isFalse();
    }

    @Test
    void reads_the_configured_fields_first_present_path_winning() throws Exception {
        CanonicalEvent event = withFields(fields("meta.delivery", "kind,event", "order.number,order.id",
                "meta.sent_at", 1_700_000_000L), "{\"kind\":\"order.updated\",\"meta\":{\"delivery\":\"d-1\","
                + "\"sent_at\":\"2023-11-14T22:13:00Z\"},\"order\":{\"id\":77}}");

        assertThat(event.id()).isEqualTo("d-1");
        assertThat(event.idGenerated()).isFalse();
        assertThat(event.type()).isEqualTo("order.updated");
        assertThat(event.subject()).isEqualTo("77");
        assertThat(event.time()).isEqualTo(Instant.parse("2023-11-14T22:13:00Z"));
    }

    @Test
    void refuses_a_configured_body_timestamp_outside_the_tolerance_as_timestamp_out_of_tolerance() {
        GenericFields stamped = fields("", "", "", "sent_at", 1_700_000_000L);

        assertThatThrownBy(() -> withFields(stamped, "{\"event\":\"x\",\"sent_at\":1699999699}"))
                .isInstanceOf(MalformedPayloadException.class)
                .extracting(e -> ((MalformedPayloadException) e).reason())
                .isEqualTo(MalformedPayloadException.Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    }

    @Test
    void accepts_a_configured_body_timestamp_at_the_edge_of_the_tolerance() throws Exception {
        GenericFields stamped = fields("", "", "", "sent_at", 1_700_000_000L);

        assertThat(withFields(stamped, "{\"event\":\"x\",\"sent_at\":1699999700}").time())
                .isEqualTo(Instant.ofEpochSecond(1_699_999_700L));
    }

    @Test
    void refuses_a_body_without_its_configured_timestamp() {
        GenericFields stamped = fields("", "", "", "sent_at", 1_700_000_000L);

        assertThatThrownBy(() -> withFields(stamped, "{\"event\":\"x\",\"timestamp\":1700000000}"))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("'sent_at'")
                .extracting(e -> ((MalformedPayloadException) e).reason()).isNull();
    }

    @Test
    void refuses_an_unusable_field_path_naming_the_parameter_and_value() {
        assertThatThrownBy(() -> fields("", "", "data..id", "", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("subjectField").hasMessageContaining("'data..id'");
    }
}
