package io.hooklane.event;

import static io.hooklane.event.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The generic scheme's XML bodies: type and id from headers, bytes untouched; JSON bodies as before. */
class GenericXmlNormalizerTest {

    private static final byte[] XML = "<order id=\"7\"><total>1.00</total></order>".getBytes(StandardCharsets.UTF_8);

    @Test
    void reads_an_xml_event_from_its_headers_and_keeps_the_bytes() throws Exception {
        CanonicalEvent event = normalize("generic", "shop", headers("Content-Type", "application/xml",
                "X-Event-Type", "order.created", "X-Event-Id", "evt-7"), XML);

        assertThat(event.type()).isEqualTo("order.created");
        assertThat(event.providerType()).isEqualTo("order.created");
        assertThat(event.id()).isEqualTo("evt-7");
        assertThat(event.subject()).isNull();
        assertThat(event.time()).isEqualTo(RECEIVED_AT);
        assertThat(event.dataContentType()).isEqualTo("application/xml");
        assertThat(event.data()).isEqualTo(XML);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/xml", "Application/XML; charset=utf-8", "application/atom+xml"})
    void treats_every_xml_media_type_as_xml(String contentType) throws Exception {
        CanonicalEvent event = normalize("generic", "shop", headers("Content-Type", contentType,
                "X-Event-Type", "order.updated"), XML);

        assertThat(event.type()).isEqualTo("order.updated");
        assertThat(event.id()).isEqualTo(GENERATED_ID);
        assertThat(event.dataContentType()).isEqualTo(contentType);
    }

    @Test
    void reads_the_type_from_a_configured_header() throws Exception {
        CanonicalEvent event = EventNormalizers.forScheme("generic", "shop", () -> GENERATED_ID, "X-Topic")
                .normalize(webhook("shop", headers("Content-Type", "application/xml", "X-Topic", "refund.created",
                        "X-Event-Type", "order.created"), XML), RECEIVED_AT);

        assertThat(event.type()).isEqualTo("refund.created");
    }

    @Test
    void refuses_xml_without_its_type_header() {
        assertThatThrownBy(() -> normalize("generic", "shop", headers("Content-Type", "application/xml"), XML))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("request lacks the 'X-Event-Type' header");
    }

    @Test
    void ignores_the_type_header_for_a_json_body() throws Exception {
        CanonicalEvent event = normalize("generic", "shop", headers("Content-Type", "application/json",
                "X-Event-Type", "ignored"), "{\"event\":\"order.created\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(event.type()).isEqualTo("order.created");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/xml", "text/xml", "image/svg+xml", "TEXT/XML ; charset=utf-8"})
    void recognises_xml_media_types(String contentType) {
        assertThat(MediaTypes.isXml(contentType)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/+xml", "+xml", "application/xml-dtd", "text/plain", " "})
    void does_not_take_other_media_types_for_xml(String contentType) {
        assertThat(MediaTypes.isXml(contentType)).isFalse();
    }
}
