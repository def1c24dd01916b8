package io.hooklane.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventEnvelopeTest {

    @Test
    void reads_the_attributes_from_the_gateways_headers_without_parsing_the_event() {
        RecordHeaders headers = new RecordHeaders();
        new EventEnvelope("evt_1", "stripe", "payment.failed", "cus_9").writeTo(headers);

        assertThat(EventEnvelope.of(headers, bytes("not even json")))
                .isEqualTo(new EventEnvelope("evt_1", "stripe", "payment.failed", "cus_9"));
    }

    @Test
    void carries_the_unsigned_attributes_as_a_header_and_reads_them_from_the_event_too() {
        RecordHeaders headers = new RecordHeaders();
        EventEnvelope envelope = new EventEnvelope("w1", "shopify", "payment.succeeded", "820", "type,id,time");
        envelope.writeTo(headers);

        assertThat(new String(headers.lastHeader(EventEnvelope.UNSIGNED_ATTRS_HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo("type,id,time");
        assertThat(EventEnvelope.of(headers, bytes("not even json"))).isEqualTo(envelope);
        assertThat(EventEnvelope.read(bytes("{\"id\":\"w1\",\"source\":\"shopify\",\"type\":\"payment.succeeded\","
                + "\"subject\":\"820\",\"unsignedattrs\":\"type,id,time\",\"data\":{}}"))).isEqualTo(envelope);
    }

    @Test
    void writes_no_unsigned_attributes_header_when_every_attribute_is_signed() {
        RecordHeaders headers = new RecordHeaders();
        new EventEnvelope("e", "s", "t", "sub").writeTo(headers);

        assertThat(headers.lastHeader(EventEnvelope.UNSIGNED_ATTRS_HEADER)).isNull();
        assertThat(EventEnvelope.of(headers, bytes("{}")).unsignedAttrs()).isNull();
    }

    @Test
    void writes_no_subject_header_when_there_is_no_subject() {
        RecordHeaders headers = new RecordHeaders();
        new EventEnvelope("e", "s", "t", null).writeTo(headers);

        assertThat(headers.lastHeader(EventEnvelope.SUBJECT_HEADER)).isNull();
        assertThat(EventEnvelope.of(headers, bytes("{}"))).isEqualTo(new EventEnvelope("e", "s", "t", null));
    }

    @Test
    void reads_the_event_itself_when_a_header_is_missing() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventEnvelope.ID_HEADER, bytes("from-header"));
        headers.add(EventEnvelope.TYPE_HEADER, bytes("from.header"));

        EventEnvelope event = EventEnvelope.of(headers, bytes("{\"id\":\"e\",\"source\":\"s\",\"type\":\"t\"}"));

        assertThat(event).isEqualTo(new EventEnvelope("e", "s", "t", null));
        assertThat(EventEnvelope.of(new RecordHeaders(), bytes("{\"id\":\"e\",\"source\":\"s\",\"type\":\"t\"}")))
                .isEqualTo(event);
    }

    @Test
    void reads_id_source_type_and_subject() {
        EventEnvelope event = EventEnvelope.read(bytes("{\"specversion\":\"1.0\",\"id\":\"evt_1\","
                + "\"source\":\"/stripe\",\"type\":\"invoice.paid\",\"subject\":\"in_9\",\"data\":{\"a\":1}}"));
        assertThat(event).isEqualTo(new EventEnvelope("evt_1", "/stripe", "invoice.paid", "in_9"));
    }

    @Test
    void subject_is_optional() {
        EventEnvelope event = EventEnvelope.read(bytes("{\"id\":\"e\",\"source\":\"s\",\"type\":\"t\"}"));
        assertThat(event.subject()).isNull();
        assertThat(event.id()).isEqualTo("e");
    }

    @Test
    void skips_a_large_nested_data_placed_before_the_attributes() {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            data.append("{\"id\":\"nested-").append(i).append("\",\"type\":\"wrong\",\"deep\":[[[{\"source\":\"x\"}]]]},");
        }
        String json = "{\"data\":{\"items\":[" + data + "{}],\"id\":\"inner\"},\"id\":\"outer\","
                + "\"source\":\"/shop\",\"type\":\"order.created\",\"data_base64\":null}";
        assertThat(json.length()).isGreaterThan(1_000_000);

        EventEnvelope event = EventEnvelope.read(bytes(json));

        assertThat(event).isEqualTo(new EventEnvelope("outer", "/shop", "order.created", null));
    }

    @Test
    void skips_nested_arrays_and_scalars_of_other_fields() {
        EventEnvelope event = EventEnvelope.read(bytes("{\"extra\":[1,{\"id\":\"no\"}],\"n\":5,\"b\":true,"
                + "\"id\":\"e\",\"source\":\"s\",\"type\":\"t\",\"subject\":\"sub\"}"));
        assertThat(event).isEqualTo(new EventEnvelope("e", "s", "t", "sub"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"source\":\"s\",\"type\":\"t\"}",
            "{\"id\":\"e\",\"type\":\"t\"}",
            "{\"id\":\"e\",\"source\":\"s\"}",
            "{\"id\":null,\"source\":\"s\",\"type\":\"t\"}",
            "{\"id\":{\"x\":1},\"source\":\"s\",\"type\":\"t\"}",
            "{}",
    })
    void missing_attributes_are_refused(String json) {
        assertThatThrownBy(() -> EventEnvelope.read(bytes(json)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("id, source and type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "", "[1,2]", "\"id\"", "42",
            "{\"id\":\"e\",\"source\":\"s\",\"type\":\"t\"", "{\"id\":\"e\" \"source\":\"s\"}", "{id:1}"})
    void non_json_or_non_object_is_refused(String text) {
        assertThatThrownBy(() -> EventEnvelope.read(bytes(text)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
