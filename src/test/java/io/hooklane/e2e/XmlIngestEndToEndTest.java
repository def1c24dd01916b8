package io.hooklane.e2e;

import static io.hooklane.testing.HostileXml.BILLION_LAUGHS;
import static io.hooklane.testing.HostileXml.XXE;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.testing.SignedWebhook;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * XML webhooks over real HTTP and a real broker: accepted only by a source configured as XML
 * ({@code src/test/routes/xml-sources.camel.yaml}), kept byte for byte, and refused with 400 when they carry a DTD
 * (external entities, entity expansion).
 */
class XmlIngestEndToEndTest {

    private static final String XML_SECRET = "xml-orders-test-secret";

    private static final String ORDER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<order xmlns=\"urn:shop\" id=\"42\">\r\n  <total currency=\"EUR\">60.95</total>"
            + "<note>caf\u00e9 &amp; cr\u00e8me</note><!-- kept as sent --></order>\n";



    private static TestGateway gateway;
    private static String brokers;

    @BeforeAll
    static void start() {
        brokers = TestKafka.bootstrapServers();
        Map<String, String> config = new HashMap<>(TestGateway.defaults(brokers, TestGateway.freePort()));
        config.put("camel.main.routes-include-pattern", "file:routes/*.camel.yaml,file:src/test/routes/*.camel.yaml");
        config.put("XML_ORDERS_SECRET", XML_SECRET);
        config.put("ALLOWLISTED_SECRET", "allowlisted-secret");
        config.put("LIMITED_SECRET", "limited-secret");
        gateway = TestGateway.startWith(config);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** A correctly signed XML webhook to the XML source (signature over these exact bytes), without a type. */
    private static SignedWebhook untypedXml(String body, String eventId) {
        return SignedWebhook.generic(XML_SECRET).baseUrl(gateway.baseUrl()).source("xml-orders")
                .withBody(body.getBytes(StandardCharsets.UTF_8))
                .withHeader("Content-Type", "application/xml; charset=UTF-8")
                .withHeader("X-Event-Id", eventId);
    }

    /** The same with its type in the source's configured type header. */
    private static SignedWebhook xml(String body, String eventId) {
        return untypedXml(body, eventId).withHeader("X-Order-Event", "order.created");
    }

    private long eventsWithId(String id) {
        return EventTopic.count(brokers, gateway.property("hooklane.topic.events"), id);
    }

    @Test
    void a_signed_xml_document_is_accepted_and_enqueued_byte_for_byte() {
        String id = "xml-" + UUID.randomUUID();
        SignedWebhook.Request request = xml(ORDER, id).build();

        HttpResponse<String> response = gateway.post(request);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(EventTopic.json(response.body().getBytes(StandardCharsets.UTF_8)).path("id").asText()).isEqualTo(id);
        List<ConsumerRecord<String, byte[]>> records =
                EventTopic.awaitEvent(brokers, gateway.property("hooklane.topic.events"), id);
        assertThat(records).hasSize(1);
        JsonNode event = EventTopic.json(records.get(0).value());
        assertThat(event.path("source").asText()).isEqualTo("xml-orders");
        assertThat(event.path("type").asText()).isEqualTo("order.created");
        assertThat(event.path("datacontenttype").asText()).isEqualTo("application/xml; charset=UTF-8");
        assertThat(event.has("subject")).isFalse();
        assertThat(event.has("data")).isFalse();
        assertThat(Base64.getDecoder().decode(event.path("data_base64").asText())).isEqualTo(request.body());
        assertThat(records.get(0).key()).isEqualTo(id);
    }

    @Test
    void a_signed_xml_document_with_an_external_entity_is_refused_with_400_and_nothing_is_read_or_enqueued() {
        String id = "xxe-" + UUID.randomUUID();

        HttpResponse<String> response = gateway.post(xml(XXE, id).build());

        IngestEndToEndTest.assertError(response, 400, "malformed_payload");
        assertThat(response.body()).doesNotContain("root:").doesNotContain("passwd");
        assertThat(eventsWithId(id)).isZero();
    }

    @Test
    void a_signed_billion_laughs_document_is_refused_with_400() {
        String id = "lol-" + UUID.randomUUID();

        HttpResponse<String> response = gateway.post(xml(BILLION_LAUGHS, id).build());

        IngestEndToEndTest.assertError(response, 400, "malformed_payload");
        assertThat(eventsWithId(id)).isZero();
    }

    @Test
    void a_signed_xml_document_without_the_configured_type_header_is_refused_with_400() {
        HttpResponse<String> response = gateway.post(untypedXml(ORDER, "notype-" + UUID.randomUUID())
                .withHeader("X-Event-Type", "order.created").build());

        IngestEndToEndTest.assertError(response, 400, "malformed_payload");
        assertThat(response.body()).contains("X-Order-Event");
    }

    @Test
    void the_same_xml_to_a_json_only_source_is_refused_with_415() {
        SignedWebhook.Request request = gateway.signed("generic")
                .withBody(ORDER.getBytes(StandardCharsets.UTF_8))
                .withHeader("Content-Type", "application/xml; charset=UTF-8")
                .withHeader("X-Event-Type", "order.created")
                .build();

        HttpResponse<String> response = gateway.post(request);

        IngestEndToEndTest.assertError(response, 415, "unsupported_media_type");
    }
}
