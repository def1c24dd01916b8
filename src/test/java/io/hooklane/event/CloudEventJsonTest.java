package io.hooklane.event;

import static io.hooklane.event.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CloudEventJsonTest {

    private static final ObjectMapper PLAIN = new ObjectMapper();

    private static final String ODD_JSON = " \n\t{ \"id\" :\t\"ord_1\" ,\r\n  \"name\": \"Grüße, 東京 🚀\",\"escaped\":\"caf\\u00e9 \\\"q\\\"\","
            + "\"amount\" : 1.50e+2 , \"tags\":[ ]   ,\"nested\":{\"a\":[1, 2 ,{ }]}}\n\n ";

    private static CanonicalEvent event(String contentType, byte[] data) {
        return new CanonicalEvent("evt_3PqZ1x", "stripe", "payment.succeeded", "charge.succeeded",
                Instant.parse("2024-06-20T16:13:20.123456789Z"), "ch_3PqZ1x", contentType, data);
    }

    private static CloudEvent sdkParse(byte[] document) {
        return EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE).deserialize(document);
    }

    private static JsonNode tree(byte[] json) throws Exception {
        return PLAIN.readTree(json);
    }

    @Test
    void writes_a_cloudevent_the_sdk_reads_with_all_attributes() throws Exception {
        String body = StripeNormalizerTest.event("charge.succeeded", "ch_3PqZ1xLkdIwHu7ix2", "charge");
        CanonicalEvent event = normalize("stripe", headers("Content-Type", "application/json"), body);

        CloudEvent cloudEvent = sdkParse(CloudEventJson.write(event));

        assertThat(cloudEvent.getSpecVersion()).isEqualTo(SpecVersion.V1);
        assertThat(cloudEvent.getId()).isEqualTo("evt_3PqZ1xLkdIwHu7ix0abcdEFG");
        assertThat(cloudEvent.getSource()).isEqualTo(URI.create("stripe"));
        assertThat(cloudEvent.getType()).isEqualTo("payment.succeeded");
        assertThat(cloudEvent.getTime()).isEqualTo(OffsetDateTime.of(2024, 6, 20, 16, 13, 20, 0, ZoneOffset.UTC));
        assertThat(cloudEvent.getSubject()).isEqualTo("ch_3PqZ1xLkdIwHu7ix2");
        assertThat(cloudEvent.getDataContentType()).isEqualTo("application/json");
        assertThat(cloudEvent.getExtension("providertype")).isEqualTo("charge.succeeded");
        assertThat(tree(cloudEvent.getData().toBytes())).isEqualTo(tree(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void names_the_attributes_from_unsigned_headers_in_an_extension_the_sdk_reads_and_reads_them_back()
            throws Exception {
        CanonicalEvent event = normalize("shopify", ShopifyNormalizerTest.shopifyHeaders("orders/paid"),
                ShopifyNormalizerTest.ORDER);

        byte[] document = CloudEventJson.write(event);

        assertThat(sdkParse(document).getExtension("unsignedattrs")).isEqualTo("type,id,time");
        assertThat(CloudEventJson.read(document)).isEqualTo(event);
        assertThat(CloudEventJson.read(document).unsignedAttributes()).isEqualTo("type,id,time");
    }

    @Test
    void writes_no_unsigned_attributes_extension_when_every_attribute_is_signed() throws Exception {
        String body = StripeNormalizerTest.event("charge.succeeded", "ch_1", "charge");
        CanonicalEvent event = normalize("stripe", headers("Content-Type", "application/json"), body);

        assertThat(event.unsignedAttributes()).isNull();
        assertThat(sdkParse(CloudEventJson.write(event)).getExtensionNames()).doesNotContain("unsignedattrs");
    }

    @Test
    void writes_time_as_rfc3339_with_fractional_seconds() {
        String document = new String(CloudEventJson.write(event("application/json", "{}".getBytes())),
                StandardCharsets.UTF_8);

        assertThat(document).contains("\"time\":\"2024-06-20T16:13:20.123456789Z\"");
        assertThat(sdkParse(document.getBytes()).getTime().toInstant())
                .isEqualTo(Instant.parse("2024-06-20T16:13:20.123456789Z"));
    }

    @Test
    void embeds_a_payload_with_odd_whitespace_and_unicode_byte_for_byte() throws Exception {
        byte[] payload = ODD_JSON.getBytes(StandardCharsets.UTF_8);

        byte[] document = CloudEventJson.write(event("application/json; charset=utf-8", payload));

        assertThat(indexOf(document, payload)).isNotNegative();
        assertThat(CloudEventJson.read(document).data()).isEqualTo(payload);
        assertThat(tree(sdkParse(document).getData().toBytes())).isEqualTo(tree(payload));
    }

    @Test
    void reads_back_exactly_the_event_it_wrote() throws Exception {
        CanonicalEvent event = event("application/json", ODD_JSON.getBytes(StandardCharsets.UTF_8));

        assertThat(CloudEventJson.read(CloudEventJson.write(event))).isEqualTo(event);
    }

    @ParameterizedTest(name = "round_trips_json_scalar_data_{0}")
    @ValueSource(strings = {"\"just a string\"", " 42 ", "true", "null", "[]", "\t{\"a\":\"}\"}\n"})
    void round_trips_json_values_of_every_kind(String json) throws Exception {
        CanonicalEvent event = event("application/json", json.getBytes(StandardCharsets.UTF_8));

        assertThat(CloudEventJson.read(CloudEventJson.write(event)).data()).isEqualTo(event.data());
    }

    @Test
    void writes_form_encoded_data_as_base64() throws Exception {
        CanonicalEvent event = normalize("woocommerce", headers("Content-Type", "application/x-www-form-urlencoded"),
                "webhook_id=12");

        byte[] document = CloudEventJson.write(event);
        JsonNode tree = tree(document);
        CloudEvent cloudEvent = sdkParse(document);

        assertThat(tree.has("data")).isFalse();
        assertThat(tree.get("data_base64").asText())
                .isEqualTo(Base64.getEncoder().encodeToString("webhook_id=12".getBytes()));
        assertThat(cloudEvent.getType()).isEqualTo("woocommerce.ping");
        assertThat(cloudEvent.getDataContentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(cloudEvent.getData().toBytes()).isEqualTo("webhook_id=12".getBytes());
        assertThat(CloudEventJson.read(document)).isEqualTo(event);
    }

    @Test
    void never_embeds_bytes_that_only_claim_to_be_json() throws Exception {
        byte[] injection = "1,\"type\":\"evil.injected\"".getBytes(StandardCharsets.UTF_8);

        byte[] document = CloudEventJson.write(event("application/json", injection));

        assertThat(tree(document).get("type").asText()).isEqualTo("payment.succeeded");
        assertThat(tree(document).has("data_base64")).isTrue();
        assertThat(sdkParse(document).getData().toBytes()).isEqualTo(injection);
        assertThat(CloudEventJson.read(document).data()).isEqualTo(injection);
    }

    @Test
    void writes_json_that_is_not_utf8_as_base64() throws Exception {
        byte[] utf16 = "{\"a\":1}".getBytes(StandardCharsets.UTF_16BE);

        byte[] document = CloudEventJson.write(event("application/json", utf16));

        assertThat(tree(document).has("data_base64")).isTrue();
        assertThat(CloudEventJson.read(document).data()).isEqualTo(utf16);
    }

    @Test
    void writes_json_with_bytes_jackson_would_tolerate_but_utf8_forbids_as_base64() throws Exception {
        byte[] surrogate = {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
        byte[] overlong = {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
        byte[] utf32 = "{\"a\":1}".getBytes(java.nio.charset.Charset.forName("UTF-32LE"));

        for (byte[] data : new byte[][] {surrogate, overlong, utf32}) {
            byte[] document = CloudEventJson.write(event("application/json", data));

            assertThat(tree(document).has("data_base64")).isTrue();
            assertThat(CloudEventJson.read(document).data()).isEqualTo(data);
        }
    }

    @Test
    void detects_json_by_parsing_when_the_content_type_is_absent() throws Exception {
        byte[] json = CloudEventJson.write(event(null, "{\"id\":1}".getBytes()));
        byte[] text = CloudEventJson.write(event(null, "id=1".getBytes()));

        assertThat(tree(json).get("data")).isEqualTo(tree("{\"id\":1}".getBytes()));
        assertThat(tree(json).has("datacontenttype")).isFalse();
        assertThat(tree(text).get("data_base64").asText()).isEqualTo(Base64.getEncoder().encodeToString("id=1".getBytes()));
        assertThat(sdkParse(json).getData().toBytes()).isEqualTo("{\"id\":1}".getBytes());
    }

    @Test
    void embeds_structured_json_suffix_types_raw() throws Exception {
        byte[] document = CloudEventJson.write(event("application/vnd.api+json", "{\"data\":[]}".getBytes()));

        assertThat(tree(document).get("data")).isEqualTo(tree("{\"data\":[]}".getBytes()));
    }

    @ParameterizedTest(name = "writes_the_same_document_for_a_payload_the_normalizer_parsed_{0}")
    @ValueSource(strings = {"application/json", "text/plain"})
    void writes_the_same_document_whether_or_not_the_normalizer_parsed_the_payload(String contentType) {
        byte[] data = ODD_JSON.getBytes(StandardCharsets.UTF_8);
        CanonicalEvent parsed = new CanonicalEvent("evt_3PqZ1x", "stripe", "payment.succeeded", "charge.succeeded",
                Instant.parse("2024-06-20T16:13:20Z"), "ch_3PqZ1x", contentType, data, true);
        CanonicalEvent unparsed = new CanonicalEvent("evt_3PqZ1x", "stripe", "payment.succeeded",
                "charge.succeeded", Instant.parse("2024-06-20T16:13:20Z"), "ch_3PqZ1x", contentType, data);

        assertThat(CloudEventJson.write(parsed)).isEqualTo(CloudEventJson.write(unparsed));
    }

    @Test
    void writes_json_under_a_non_json_content_type_as_base64() throws Exception {
        byte[] document = CloudEventJson.write(event("text/plain", "{\"id\":1}".getBytes()));

        assertThat(tree(document).has("data_base64")).isTrue();
    }

    @Test
    void omits_subject_and_data_when_absent() throws Exception {
        CanonicalEvent event = new CanonicalEvent("1", "shop", "order.created", "order.created",
                Instant.parse("2025-01-01T00:00:00Z"), null, null, new byte[0]);

        byte[] document = CloudEventJson.write(event);
        JsonNode tree = tree(document);

        assertThat(tree.has("subject")).isFalse();
        assertThat(tree.has("data")).isFalse();
        assertThat(tree.has("data_base64")).isFalse();
        assertThat(sdkParse(document).getSubject()).isNull();
        assertThat(CloudEventJson.read(document)).isEqualTo(event);
    }

    @Test
    void embeds_a_payload_at_the_maximum_depth_and_reads_it_back() throws Exception {
        byte[] deep = ("[".repeat(64) + "]".repeat(64)).getBytes();

        byte[] document = CloudEventJson.write(event("application/json", deep));

        assertThat(tree(document).has("data")).isTrue();
        assertThat(CloudEventJson.read(document).data()).isEqualTo(deep);
    }

    @Test
    void reads_a_foreign_pretty_printed_document_with_text_data() throws Exception {
        String document = """
                {
                  "specversion" : "1.0",
                  "type" : "com.example.note",
                  "source" : "/notes",
                  "id" : "A234-1234-1234",
                  "time" : "2018-04-05T17:31:00+02:00",
                  "comexampleextension1" : 5,
                  "datacontenttype" : "text/plain",
                  "data" : "héllo"
                }
                """;

        CanonicalEvent event = CloudEventJson.read(document.getBytes(StandardCharsets.UTF_8));

        assertThat(event.id()).isEqualTo("A234-1234-1234");
        assertThat(event.time()).isEqualTo(Instant.parse("2018-04-05T15:31:00Z"));
        assertThat(event.providerType()).isNull();
        assertThat(new String(event.data(), StandardCharsets.UTF_8)).isEqualTo("héllo");
    }

    @ParameterizedTest(name = "read_rejects_{0}")
    @ValueSource(strings = {
            "not json",
            "[]",
            "{\"specversion\":\"0.3\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\",\"time\":\"2025-01-01T00:00:00Z\"}",
            "{\"id\":\"1\",\"source\":\"s\",\"type\":\"t\",\"time\":\"2025-01-01T00:00:00Z\"}",
            "{\"specversion\":\"1.0\",\"source\":\"s\",\"type\":\"t\",\"time\":\"2025-01-01T00:00:00Z\"}",
            "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\"}",
            "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\",\"time\":\"2025-01-01T00:00:00Z\","
                    + "\"data\":{},\"data_base64\":\"e30=\"}",
            "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\",\"time\":\"2025-01-01T00:00:00Z\","
                    + "\"data_base64\":\"***\"}",
            "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\",\"time\":\"2025-01-01T00:00:00Z\"} {}",
    })
    void read_rejects_documents_that_are_not_canonical_cloudevents(String document) {
        assertThatThrownBy(() -> CloudEventJson.read(document.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedPayloadException.class);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
