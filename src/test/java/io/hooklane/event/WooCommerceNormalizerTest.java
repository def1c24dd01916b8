package io.hooklane.event;

import static io.hooklane.event.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WooCommerceNormalizerTest {

    static final String ORDER = """
            {"id":727,"parent_id":0,"status":"processing","currency":"USD","version":"9.1.4",\
            "order_key":"wc_order_Jk8Qz2","date_created":"2024-08-01T10:11:12","total":"29.35",\
            "billing":{"first_name":"John","last_name":"Doe","email":"john.doe@example.com"},\
            "line_items":[{"id":315,"name":"Woo Single #1","product_id":93,"quantity":2,"total":"6.00"}]}""";

    static final String PRODUCT = """
            {"id":794,"name":"Premium Quality","type":"simple","status":"publish","sku":"PQ-1",\
            "price":"21.99","regular_price":"21.99","categories":[{"id":9,"name":"Clothing"}]}""";

    static final String CUSTOMER = """
            {"id":25,"email":"john.doe@example.com","first_name":"John","last_name":"Doe","role":"customer",\
            "username":"john.doe","billing":{"email":"john.doe@example.com"}}""";

    static final String COUPON = """
            {"id":719,"code":"10off","amount":"10.00","discount_type":"percent"}""";

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

    static Stream<Arguments> topicsWithTheirBodies() {
        return Stream.of(
                Arguments.of("order.created", ORDER, "order.created", "727"),
                Arguments.of("order.updated", ORDER, "order.updated", "727"),
                Arguments.of("order.deleted", "{\"id\":727}", "order.cancelled", "727"),
                Arguments.of("product.created", PRODUCT, "product.created", "794"),
                Arguments.of("product.updated", PRODUCT, "product.updated", "794"),
                Arguments.of("customer.created", CUSTOMER, "customer.created", "25"),
                Arguments.of("customer.updated", CUSTOMER, "customer.updated", "25"),
                Arguments.of("order.restored", ORDER, "woocommerce.order.restored", "727"),
                Arguments.of("product.deleted", "{\"id\":794}", "woocommerce.product.deleted", "794"),
                Arguments.of("coupon.created", COUPON, "woocommerce.coupon.created", "719"),
                Arguments.of("action.woocommerce_add_to_cart", "{\"action\":\"woocommerce_add_to_cart\",\"arg\":5}",
                        "woocommerce.action.woocommerce_add_to_cart", null));
    }

    @ParameterizedTest(name = "maps_woocommerce_{0}_to_{2}")
    @MethodSource("topicsWithTheirBodies")
    void maps_woocommerce_topics_when_the_body_matches(String topic, String body, String expected, String subject)
            throws Exception {
        CanonicalEvent event = normalize("woocommerce", wooHeaders(topic), body);

        assertThat(event.type()).isEqualTo(expected);
        assertThat(event.providerType()).isEqualTo(topic);
        assertThat(event.id()).isEqualTo("7f0ea2a8d1b9c3e4f5a6b7c8d9e0f1a2");
        assertThat(event.subject()).isEqualTo(subject);
        assertThat(event.time()).isEqualTo(RECEIVED_AT);
        assertThat(event.unsignedAttributes()).isEqualTo("type,id");
    }

    static Stream<Arguments> topicsWithBodiesThatContradictThem() {
        return Stream.of(
                Arguments.of("order.created", PRODUCT, "lacks 'order_key'"),
                Arguments.of("order.updated", CUSTOMER, "lacks 'order_key'"),
                Arguments.of("order.created", "{\"id\":727}", "lacks 'order_key'"),
                Arguments.of("order.deleted", ORDER, "has 'order_key'"),
                Arguments.of("order.deleted", CUSTOMER, "has 'email'"),
                Arguments.of("order.deleted", "{}", "lacks 'id'"),
                Arguments.of("product.updated", ORDER, "lacks 'type'"),
                Arguments.of("product.created", COUPON, "lacks 'type'"),
                Arguments.of("customer.created", ORDER, "lacks 'email'"),
                Arguments.of("customer.updated", PRODUCT, "lacks 'email'"),
                Arguments.of("coupon.created", ORDER, "lacks 'code'"),
                Arguments.of("order.updated", "not json", "not a JSON object"));
    }

    @ParameterizedTest(name = "refuses_woocommerce_{0}_with_a_body_that_{2}")
    @MethodSource("topicsWithBodiesThatContradictThem")
    void refuses_a_topic_the_signed_body_contradicts_as_type_mismatch(String topic, String body, String why) {
        assertThatThrownBy(() -> normalize("woocommerce", wooHeaders(topic), body))
                .isInstanceOfSatisfying(MalformedPayloadException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MalformedPayloadException.Reason.TYPE_MISMATCH);
                    assertThat(e.getMessage()).startsWith("X-WC-Webhook-Topic '" + topic + "' does not match")
                            .contains(why).doesNotContain("john.doe");
                });
    }

    @Test
    void refuses_a_request_without_topic_whose_body_is_not_a_ping_as_type_mismatch() {
        Map<String, String> headers = wooHeaders("order.created");
        headers.remove("X-WC-Webhook-Topic");

        assertThatThrownBy(() -> normalize("woocommerce", headers, ORDER))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(MalformedPayloadException.Reason.TYPE_MISMATCH))
                .hasMessageContaining("ping");
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
        assertThat(event.unsignedAttributes()).isEqualTo("type");
    }

    @Test
    void labels_a_ping_without_content_type_as_form_encoded() throws Exception {
        CanonicalEvent event = normalize("woocommerce", headers(), "webhook_id=12");

        assertThat(event.dataContentType()).isEqualTo("application/x-www-form-urlencoded");
    }
}
