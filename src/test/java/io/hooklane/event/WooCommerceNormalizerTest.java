package io.hooklane.event;

import static io.hooklane.event.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WooCommerceNormalizerTest {

    static final String ORDER = """
            {"id":727,"parent_id":0,"status":"processing","currency":"USD","version":"9.1.4",\
            "date_created":"2024-08-01T10:11:12","total":"29.35",\
            "billing":{"first_name":"John","last_name":"Doe","email":"john.doe@example.com"},\
            "line_items":[{"id":315,"name":"Woo Single #1","product_id":93,"quantity":2,"total":"6.00"}]}""";

    static Map<String, String> wooHeaders(String topic) {
        return headers(
                "Content-Type", "application/json",
                "X-WC-Webhook-Source", "https://shop.example.com/",
                "X-WC-Webhook-Topic", topic,
                "X-WC-Webhook-Resource", topic.substring(0, topic.indexOf('.')),
                "X-WC-Webhook-Event", topic.substring(topic.indexOf('.') + 1),
                "X-WC-Webhook-Signature", "4tqZj8u8TLh3Z4xVWkD4ShxU8Z4g8e8dBaNp5pcT2T4=",
                "X-WC-Webhook-ID", "12",
                "X-WC-Webhook-Delivery-ID", "7f0ea2a8d1b9c3e4f5a6b7c8d9e0f1a2");
    }

    @ParameterizedTest(name = "maps_woocommerce_{0}_to_{1}")
    @CsvSource({
            "order.created,    order.created",
            "order.updated,    order.updated",
            "order.deleted,    order.cancelled",
            "product.created,  product.created",
            "product.updated,  product.updated",
            "customer.created, customer.created",
            "customer.updated, customer.updated",
    })
    void maps_woocommerce_topics_to_the_commerce_vocabulary(String topic, String expected) throws Exception {
        CanonicalEvent event = normalize("woocommerce", wooHeaders(topic), ORDER);

        assertThat(event.type()).isEqualTo(expected);
        assertThat(event.providerType()).isEqualTo(topic);
        assertThat(event.id()).isEqualTo("7f0ea2a8d1b9c3e4f5a6b7c8d9e0f1a2");
        assertThat(event.subject()).isEqualTo("727");
        assertThat(event.time()).isEqualTo(RECEIVED_AT);
    }

    @ParameterizedTest(name = "passes_woocommerce_{0}_through_prefixed")
    @CsvSource({"action.woocommerce_add_to_cart", "coupon.created", "product.deleted", "order.restored"})
    void passes_unknown_woocommerce_topics_through_prefixed(String topic) throws Exception {
        CanonicalEvent event = normalize("woocommerce", wooHeaders(topic), ORDER);

        assertThat(event.type()).isEqualTo("woocommerce." + topic);
    }

    @Test
    void treats_the_form_encoded_first_delivery_as_a_ping_without_reading_the_body() throws Exception {
        Map<String, String> headers = headers(
                "Content-Type", "application/x-www-form-urlencoded",
                "X-WC-Webhook-Source", "https://shop.example.com/",
                "X-WC-Webhook-ID", "12");

        CanonicalEvent event = normalize("woocommerce", headers, "webhook_id=12");

        assertThat(event.type()).isEqualTo("woocommerce.ping");
        assertThat(event.providerType()).isEqualTo("ping");
        assertThat(event.id()).isEqualTo(GENERATED_ID);
        assertThat(event.subject()).isNull();
        assertThat(event.time()).isEqualTo(RECEIVED_AT);
        assertThat(event.dataContentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(text(event)).isEqualTo("webhook_id=12");
    }

    @Test
    void labels_a_ping_without_content_type_as_form_encoded() throws Exception {
        CanonicalEvent event = normalize("woocommerce", headers(), "webhook_id=12");

        assertThat(event.dataContentType()).isEqualTo("application/x-www-form-urlencoded");
    }
}
