package io.hooklane.event;

import static io.hooklane.event.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ShopifyNormalizerTest {

    static final String ORDER = """
            {"id":820982911946154508,"admin_graphql_api_id":"gid://shopify/Order/820982911946154508",\
            "email":"jon@example.com","created_at":"2021-12-31T19:00:00-05:00","currency":"USD",\
            "financial_status":"paid","name":"#9999","order_number":1001,"total_price":"403.00",\
            "cancelled_at":null,\
            "line_items":[{"id":866550311766439020,"quantity":1,"sku":"IPOD2008PINK","price":"199.00"}]}""";

    static final String PENDING_ORDER =
            ORDER.replace("\"financial_status\":\"paid\"", "\"financial_status\":\"pending\"");

    static final String CANCELLED_ORDER = ORDER.replace("\"cancelled_at\":null",
            "\"cancelled_at\":\"2022-01-01T10:00:00-05:00\"");

    static final String REFUND = """
            {"id":509562969,"order_id":820982911946154508,"created_at":"2022-01-02T10:00:00-05:00",\
            "refund_line_items":[{"id":104689539,"quantity":1,"line_item_id":866550311766439020}],\
            "transactions":[{"id":245135000,"order_id":820982911946154508,"kind":"refund","status":"success"}]}""";

    static final String FULFILLMENT = """
            {"id":255858046,"order_id":820982911946154508,"status":"success","tracking_company":"USPS",\
            "tracking_number":"1Z2345","tracking_numbers":["1Z2345"],\
            "line_items":[{"id":866550311766439020,"quantity":1}]}""";

    static final String TRANSACTION = """
            {"id":389404469,"order_id":820982911946154508,"kind":"sale","status":"failure","amount":"403.00"}""";

    static final String INVENTORY_LEVEL = """
            {"inventory_item_id":271878346596884015,"location_id":24826418,"available":6,\
            "updated_at":"2021-12-31T19:00:00-05:00",\
            "admin_graphql_api_id":"gid://shopify/InventoryLevel/24826418?inventory_item_id=271878346596884015"}""";

    static final String PRODUCT = """
            {"id":788032119674292922,"title":"Example T-Shirt","handle":"example-t-shirt",\
            "variants":[{"id":642667041472713922,"price":"19.99","inventory_item_id":271878346596884015}]}""";

    static final String CUSTOMER = """
            {"id":706405506930370084,"email":"bob@biller.com","first_name":"Bob","last_name":"Biller",\
            "state":"disabled","verified_email":true,"orders_count":0}""";

    static Map<String, String> shopifyHeaders(String topic) {
        return headers(
                "Content-Type", "application/json",
                "X-Shopify-Topic", topic,
                "X-Shopify-Hmac-Sha256", "XWmrwMey6OsLMeiZKwP4FppHH3cmAiiJJAweH5Jo4bM=",
                "X-Shopify-Shop-Domain", "example.myshopify.com",
                "X-Shopify-API-Version", "2024-07",
                "X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
                "X-Shopify-Event-Id", "98880550-7158-44d4-b7cd-2c97c8a091b5",
                "X-Shopify-Triggered-At", "2024-07-29T18:00:27.877041743Z");
    }

    static Stream<Arguments> topicsWithTheirBodies() {
        return Stream.of(
                Arguments.of("orders/create", ORDER, "order.created", "820982911946154508"),
                Arguments.of("orders/create", PENDING_ORDER, "order.created", "820982911946154508"),
                Arguments.of("orders/updated", ORDER, "order.updated", "820982911946154508"),
                Arguments.of("orders/cancelled", CANCELLED_ORDER, "order.cancelled", "820982911946154508"),
                Arguments.of("orders/paid", ORDER, "payment.succeeded", "820982911946154508"),
                Arguments.of("refunds/create", REFUND, "refund.created", "509562969"),
                Arguments.of("fulfillments/create", FULFILLMENT, "shipment.created", "255858046"),
                Arguments.of("fulfillments/update", FULFILLMENT, "shipment.updated", "255858046"),
                Arguments.of("inventory_levels/update", INVENTORY_LEVEL, "inventory.updated", "271878346596884015"),
                Arguments.of("products/create", PRODUCT, "product.created", "788032119674292922"),
                Arguments.of("products/update", PRODUCT, "product.updated", "788032119674292922"),
                Arguments.of("customers/create", CUSTOMER, "customer.created", "706405506930370084"),
                Arguments.of("customers/update", CUSTOMER, "customer.updated", "706405506930370084"));
    }

    @ParameterizedTest(name = "maps_shopify_{0}_to_{2}")
    @MethodSource("topicsWithTheirBodies")
    void maps_shopify_topics_to_the_commerce_vocabulary_when_the_body_matches(String topic, String body,
                                                                              String expected, String subject)
            throws Exception {
        CanonicalEvent event = normalize("shopify", shopifyHeaders(topic), body);

        assertThat(event.type()).isEqualTo(expected);
        assertThat(event.providerType()).isEqualTo(topic);
        assertThat(event.subject()).isEqualTo(subject);
        assertThat(event.unsignedAttributes()).isEqualTo("type,id,time");
    }

    static Stream<Arguments> topicsWithBodiesThatContradictThem() {
        return Stream.of(
                Arguments.of("orders/paid", PENDING_ORDER, "'financial_status' is not 'paid'"),
                Arguments.of("orders/paid", ORDER.replace("\"paid\"", "\"partially_paid\""), "financial_status"),
                Arguments.of("orders/paid", ORDER.replace("\"financial_status\":\"paid\",", ""), "financial_status"),
                Arguments.of("orders/paid", REFUND, "lacks 'order_number'"),
                Arguments.of("orders/cancelled", ORDER, "'cancelled_at' is missing or null"),
                Arguments.of("orders/cancelled", ORDER.replace("\"cancelled_at\":null,", ""), "cancelled_at"),
                Arguments.of("orders/create", REFUND, "lacks 'order_number'"),
                Arguments.of("orders/updated", FULFILLMENT, "lacks 'order_number'"),
                Arguments.of("refunds/create", ORDER, "lacks 'order_id'"),
                Arguments.of("refunds/create", TRANSACTION, "none of 'refund_line_items', 'transactions'"),
                Arguments.of("fulfillments/create", REFUND, "lacks 'status'"),
                Arguments.of("fulfillments/update", TRANSACTION, "none of 'tracking_number'"),
                Arguments.of("inventory_levels/update", PRODUCT, "lacks 'inventory_item_id'"),
                Arguments.of("inventory_levels/update", "{\"inventory_item_id\":1}", "lacks 'available'"),
                Arguments.of("products/update", CUSTOMER, "lacks 'title'"),
                Arguments.of("products/create", ORDER, "lacks 'title'"),
                Arguments.of("customers/create", ORDER, "lacks 'state'"),
                Arguments.of("customers/update", CUSTOMER.replace("}", ",\"line_items\":[]}"), "has 'line_items'"),
                Arguments.of("orders/paid", "not json", "not a JSON object"),
                Arguments.of("orders/paid", "{\"order_number\":1,\"order_number\":2}", "not a JSON object"));
    }

    @ParameterizedTest(name = "refuses_shopify_{0}_with_a_body_that_{2}")
    @MethodSource("topicsWithBodiesThatContradictThem")
    void refuses_a_topic_the_signed_body_contradicts_as_type_mismatch(String topic, String body, String why) {
        assertThatThrownBy(() -> normalize("shopify", shopifyHeaders(topic), body))
                .isInstanceOfSatisfying(MalformedPayloadException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MalformedPayloadException.Reason.TYPE_MISMATCH);
                    assertThat(e.getMessage()).startsWith("X-Shopify-Topic '" + topic + "' does not match")
                            .contains(why).doesNotContain("pending").doesNotContain("820982911946154508");
                });
    }

    @Test
    void maps_shopify_orders_create_to_order_created_with_headers_for_id_and_time() throws Exception {
        CanonicalEvent event = normalize("shopify", shopifyHeaders("orders/create"), ORDER);

        assertThat(event.type()).isEqualTo("order.created");
        assertThat(event.id()).isEqualTo("b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
        assertThat(event.time()).isEqualTo(Instant.parse("2024-07-29T18:00:27.877041743Z"));
        assertThat(event.dataContentType()).isEqualTo("application/json");
        assertThat(text(event)).isEqualTo(ORDER);
    }

    @Test
    void passes_unknown_shopify_topics_through_prefixed() throws Exception {
        CanonicalEvent event = normalize("shopify", shopifyHeaders("app/uninstalled"), "{\"id\":548380009}");

        assertThat(event.type()).isEqualTo("shopify.app/uninstalled");
        assertThat(event.providerType()).isEqualTo("app/uninstalled");
        assertThat(event.subject()).isEqualTo("548380009");
        assertThat(event.unsignedAttributes()).isEqualTo("type,id,time");
    }

    @Test
    void falls_back_to_the_event_id_header_then_to_a_generated_id_not_named_unsigned() throws Exception {
        Map<String, String> withEventId = shopifyHeaders("orders/create");
        withEventId.remove("X-Shopify-Webhook-Id");
        Map<String, String> withNeither = shopifyHeaders("orders/create");
        withNeither.remove("X-Shopify-Webhook-Id");
        withNeither.remove("X-Shopify-Event-Id");

        assertThat(normalize("shopify", withEventId, ORDER).id()).isEqualTo("98880550-7158-44d4-b7cd-2c97c8a091b5");
        CanonicalEvent generated = normalize("shopify", withNeither, ORDER);
        assertThat(generated.id()).isEqualTo(GENERATED_ID);
        assertThat(generated.unsignedAttributes()).isEqualTo("type,time");
    }

    @Test
    void uses_the_receive_time_when_triggered_at_is_unparsable_and_does_not_name_time_unsigned() throws Exception {
        Map<String, String> headers = shopifyHeaders("orders/create");
        headers.put("X-Shopify-Triggered-At", "yesterday");

        CanonicalEvent event = normalize("shopify", headers, ORDER);

        assertThat(event.time()).isEqualTo(RECEIVED_AT);
        assertThat(event.unsignedAttributes()).isEqualTo("type,id");
    }

    @Test
    void leaves_the_subject_empty_when_the_body_of_an_unmapped_topic_is_not_json() throws Exception {
        CanonicalEvent event = normalize("shopify", shopifyHeaders("app/uninstalled"), "not json");

        assertThat(event.type()).isEqualTo("shopify.app/uninstalled");
        assertThat(event.subject()).isNull();
    }

    @Test
    void reads_a_large_line_items_array_for_its_shape_only() throws Exception {
        String manyItems = ORDER.replace("\"line_items\":[", "\"line_items\":["
                + "{\"id\":1,\"title\":\"x\"},".repeat(5_000));

        CanonicalEvent event = normalize("shopify", shopifyHeaders("orders/paid"), manyItems);

        assertThat(event.type()).isEqualTo("payment.succeeded");
        assertThat(text(event)).isEqualTo(manyItems);
    }

    @Test
    void rejects_a_request_without_topic() {
        Map<String, String> headers = shopifyHeaders("orders/create");
        headers.remove("X-Shopify-Topic");

        assertThatThrownBy(() -> normalize("shopify", headers, ORDER))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isNull())
                .hasMessageContaining("X-Shopify-Topic");
    }
}
