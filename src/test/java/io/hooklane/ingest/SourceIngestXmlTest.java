package io.hooklane.ingest;

import static io.hooklane.testing.HostileXml.BILLION_LAUGHS;
import static io.hooklane.testing.HostileXml.XXE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hooklane.event.EventNormalizers;
import io.hooklane.sender.GenericSigner;
import io.hooklane.verify.SchemeSettings;
import io.hooklane.verify.SignatureSchemes;
import io.hooklane.verify.WebhookRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The XML path of {@link SourceIngest}: only XML sources take XML, hostile XML is refused, the bytes are kept. */
class SourceIngestXmlTest {

    private static final String SECRET = "xml-unit-secret";
    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String ORDER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<order xmlns=\"urn:shop\" id=\"42\">\r\n  <item qty=\"2\">caf\u00e9 &amp; cr\u00e8me</item>"
            + "<!-- kept --></order>\n";



    private static SourceIngest source(Set<String> mediaTypes, String typeHeader) {
        SchemeSettings settings = SchemeSettings.builder().source("orders").scheme("generic").secrets(SECRET)
                .header(GenericSigner.HEADER).algorithm("sha256").encoding("hex").prefix("sha256=").build();
        return new SourceIngest("orders", SignatureSchemes.create(settings),
                EventNormalizers.forScheme("generic", "orders", () -> "generated-1", typeHeader),
                mediaTypes, 5 * 1024 * 1024, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static SourceIngest xmlSource() {
        return source(Set.of("application/xml", "text/xml", "application/atom+xml"), null);
    }

    private static WebhookRequest signed(String contentType, byte[] body, String... extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(new GenericSigner(SECRET).sign(body, null, null));
        headers.put("Content-Type", contentType);
        for (int i = 0; i < extraHeaders.length; i += 2) {
            headers.put(extraHeaders[i], extraHeaders[i + 1]);
        }
        return new WebhookRequest("orders", headers, body, "https://hooks.example.com/webhooks/orders");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode cloudEvent(AcceptedEvent event) throws Exception {
        return JSON.readTree(event.cloudEvent());
    }

    @Test
    void accepts_a_signed_xml_document_with_type_and_id_from_headers_and_its_bytes_unchanged() throws Exception {
        byte[] body = utf8(ORDER);

        AcceptedEvent accepted = xmlSource().accept(signed("application/xml; charset=UTF-8", body,
                "X-Event-Type", "order.created", "X-Event-Id", "evt-xml-1"));

        assertThat(accepted.id()).isEqualTo("evt-xml-1");
        assertThat(accepted.type()).isEqualTo("order.created");
        assertThat(accepted.key()).isEqualTo("evt-xml-1");
        JsonNode event = cloudEvent(accepted);
        assertThat(event.path("source").asText()).isEqualTo("orders");
        assertThat(event.path("type").asText()).isEqualTo("order.created");
        assertThat(event.path("providertype").asText()).isEqualTo("order.created");
        assertThat(event.path("time").asText()).isEqualTo("2026-03-04T05:06:07Z");
        assertThat(event.has("subject")).isFalse();
        assertThat(event.has("data")).isFalse();
        assertThat(event.path("datacontenttype").asText()).isEqualTo("application/xml; charset=UTF-8");
        assertThat(Base64.getDecoder().decode(event.path("data_base64").asText())).isEqualTo(body);
    }

    @Test
    void generates_an_id_when_the_xml_webhook_sends_none() throws Exception {
        AcceptedEvent accepted = xmlSource().accept(signed("text/xml", utf8("<ping/>"), "X-Event-Type", "ping"));

        assertThat(accepted.id()).isEqualTo("generated-1");
        assertThat(cloudEvent(accepted).path("datacontenttype").asText()).isEqualTo("text/xml");
    }

    @Test
    void reads_the_type_from_the_configured_type_header() throws Exception {
        SourceIngest ingest = source(Set.of("application/xml"), "X-Order-Topic");

        AcceptedEvent accepted = ingest.accept(signed("application/xml", utf8(ORDER),
                "X-Order-Topic", "order.updated", "X-Event-Type", "ignored"));

        assertThat(accepted.type()).isEqualTo("order.updated");
    }

    @Test
    void accepts_a_structured_plus_xml_media_type() throws Exception {
        AcceptedEvent accepted = xmlSource().accept(signed("application/atom+xml",
                utf8("<feed xmlns=\"http://www.w3.org/2005/Atom\"/>"), "X-Event-Type", "feed.updated"));

        assertThat(accepted.type()).isEqualTo("feed.updated");
    }

    @Test
    void refuses_xml_without_the_type_header_as_malformed_payload() {
        assertThatThrownBy(() -> xmlSource().accept(signed("application/xml", utf8(ORDER))))
                .isInstanceOfSatisfying(WebhookRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.MALFORMED_PAYLOAD))
                .hasMessageContaining("X-Event-Type");
    }

    @Test
    void refuses_an_external_entity_as_malformed_payload_without_echoing_it() {
        assertThatThrownBy(() -> xmlSource().accept(signed("application/xml", utf8(XXE),
                "X-Event-Type", "order.created")))
                .isInstanceOfSatisfying(WebhookRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.MALFORMED_PAYLOAD))
                .hasMessageNotContaining("passwd")
                .hasMessageNotContaining("root:");
    }

    @Test
    void refuses_entity_expansion_as_malformed_payload() {
        assertThatThrownBy(() -> xmlSource().accept(signed("application/xml", utf8(BILLION_LAUGHS),
                "X-Event-Type", "order.created")))
                .isInstanceOfSatisfying(WebhookRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.MALFORMED_PAYLOAD));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "<order>", "<order></item>", "<a/><b/>", "not xml at all", "{\"event\":\"x\"}"})
    void refuses_a_body_that_is_not_one_well_formed_document_as_malformed_payload(String body) {
        assertThatThrownBy(() -> xmlSource().accept(signed("application/xml", utf8(body),
                "X-Event-Type", "order.created")))
                .isInstanceOfSatisfying(WebhookRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.MALFORMED_PAYLOAD));
    }

    @Test
    void verifies_the_signature_before_looking_at_the_xml() {
        byte[] body = utf8(XXE);
        Map<String, String> headers = new LinkedHashMap<>(new GenericSigner("another-secret").sign(body, null, null));
        headers.put("Content-Type", "application/xml");
        headers.put("X-Event-Type", "order.created");

        assertThatThrownBy(() -> xmlSource().accept(new WebhookRequest("orders", headers, body, null)))
                .isInstanceOfSatisfying(WebhookRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.INVALID_SIGNATURE));
    }

    @Test
    void a_json_only_source_refuses_xml_with_unsupported_media_type() {
        SourceIngest jsonOnly = source(Set.of("application/json"), null);

        assertThat(jsonOnly.acceptsXml()).isFalse();
        assertThatThrownBy(() -> jsonOnly.accept(signed("application/xml", utf8(ORDER),
                "X-Event-Type", "order.created")))
                .isInstanceOfSatisfying(WebhookRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.UNSUPPORTED_MEDIA_TYPE));
    }

    @Test
    void a_source_listing_an_xml_media_type_is_configured_as_xml() {
        assertThat(xmlSource().acceptsXml()).isTrue();
        assertThat(source(Set.of("application/json", "application/soap+xml"), null).acceptsXml()).isTrue();
        assertThat(source(Set.of("application/json", "application/x-www-form-urlencoded"), null).acceptsXml())
                .isFalse();
    }

    @Test
    void json_at_a_source_that_also_takes_xml_is_normalised_as_before() throws Exception {
        SourceIngest both = source(Set.of("application/json", "application/xml"), null);
        byte[] body = utf8("{\"id\":\"evt-9\",\"event\":\"order.created\",\"data\":{\"id\":\"ord-1\"}}");

        AcceptedEvent accepted = both.accept(signed("application/json", body, "X-Event-Type", "ignored"));

        assertThat(accepted.id()).isEqualTo("evt-9");
        assertThat(accepted.type()).isEqualTo("order.created");
        assertThat(accepted.key()).isEqualTo("ord-1");
        JsonNode event = cloudEvent(accepted);
        assertThat(event.path("data").path("data").path("id").asText()).isEqualTo("ord-1");
        assertThat(event.path("subject").asText()).isEqualTo("ord-1");
        assertThat(event.has("data_base64")).isFalse();
    }
}
