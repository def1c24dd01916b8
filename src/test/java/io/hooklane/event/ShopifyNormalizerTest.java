package io.hooklane.event;

import static io.hooklane.event.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShopifyNormalizerTest {

    static final String ORDER = """
            {"id":820982911946154508,"admin_graphql_api_id":"gid://shopify/Order/820982911946154508",\
            "email":"jon@example.com","created_at":"2021-12-31T19:00:00-05:00","currency":"USD",\
            "financial_status":"paid","name":"#9999","total_price":"403.00",\
            "line_items":[{"id":866550311766439020,"quantity":1,"sku":"IPOD2008PINK","price":"199.00"}]}""";

    static final String INVENTORY_LEVEL = """
            {"inventory_item_id":271878346596884015,"location_id":24826418,"available":6,\
            "updated_at":"2021-12-31T19:00:00-05:00",\
            "admin_graphql_api_id":"gid://shopify/InventoryLevel/24826418?inventory_item_id=271878346596884015"}""";

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

    @ParameterizedTest(name = "maps_shopify_{0}_to_{1}")
    @CsvSource({
            "orders/create,        order.created",
            "orders/updated,       order.updated",
            "orders/cancelled,     order.cancelled",
            "orders/paid,          payment.succeeded",
            "refunds/create,       refund.created",
            "fulfillments/create,  shipment.created",
            "fulfillments/update,  shipment.updated",
            "products/create,      product.created",
            "products/update,      product.updated",
            "customers/create,     customer.created",
            "customers/update,     customer.updated",
    })
    void maps_shopify_topics_to_the_commerce_vocabulary(String topic, String expected) throws Exception {
        CanonicalEvent event = normalize("shopify", shopifyHeaders(topic), ORDER);

        assertThat(event.type()).isEqualTo(expected);
        assertThat(event.providerType()).isEqualTo(topic);
        assertThat(event.subject()).isEqualTo("820982911946154508");
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
    void maps_shopify_inventory_levels_update_to_inventory_updated_with_the_item_as_subject() throws Exception {
        CanonicalEvent event = normalize("shopify", shopifyHeaders("inventory_levels/update"), INVENTORY_LEVEL);

        assertThat(event.type()).isEqualTo("inventory.updated");
        assertThat(event.subject()).isEqualTo("271878346596884015");
    }

    @Test
    void passes_unknown_shopify_topics_through_prefixed() throws Exception {
        CanonicalEvent event = normalize("shopify", shopifyHeaders("app/uninstalled"), "{\"id\":548380009}");

        assertThat(event.type()).isEqualTo("shopify.app/uninstalled");
        assertThat(event.providerType()).isEqualTo("app/uninstalled");
        assertThat(event.subject()).isEqualTo("548380009");
    }

    @Test
    void falls_back_to_the_event_id_header_then_to_a_generated_id() throws Exception {
        Map<String, String> withEventId = shopifyHeaders("orders/create");
        withEventId.remove("X-Shopify-Webhook-Id");
        Map<String, String> withNeither = shopifyHeaders("orders/create");
        withNeither.remove("X-Shopify-Webhook-Id");
        withNeither.remove("X-Shopify-Event-Id");

        assertThat(normalize("shopify", withEventId, ORDER).id()).isEqualTo("98880550-7158-44d4-b7cd-2c97c8a091b5");
        assertThat(normalize("shopify", withNeither, ORDER).id()).isEqualTo(GENERATED_ID);
    }

    @Test
    void uses_the_receive_time_when_triggered_at_is_unparsable() throws Exception {
        Map<String, String> headers = shopifyHeaders("orders/create");
        headers.put("X-Shopify-Triggered-At", "yesterday");

        assertThat(normalize("shopify", headers, ORDER).time()).isEqualTo(RECEIVED_AT);
    }

    @Test
    void leaves_the_subject_empty_when_the_body_is_not_json() throws Exception {
        CanonicalEvent event = normalize("shopify", shopifyHeaders("orders/create"), "not json");

        assertThat(event.type()).isEqualTo("order.created");
        assertThat(event.subject()).isNull();
    }

    @Test
    void rejects_a_request_without_topic() {
        Map<String, String> headers = shopifyHeaders("orders/create");
        headers.remove("X-Shopify-Topic");

        assertThatThrownBy(() -> normalize("shopify", headers, ORDER))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("X-Shopify-Topic");
    }
}
