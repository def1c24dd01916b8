package io.hooklane.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SamplePayloadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T10:00:00Z"), ZoneOffset.UTC);

    /** Where each scheme carries the provider type in the body; null: it travels in a header only. */
    private static final Map<String, String> TYPE_POINTER = Map.of(
            "standard", "/type", "generic", "/event", "stripe", "/type", "square", "/type",
            "paddle", "/event_type");

    static Stream<Arguments> everyPair() {
        return WebhookSigners.SCHEMES.stream()
                .flatMap(scheme -> SamplePayloads.events(scheme).stream().map(event -> Arguments.of(scheme, event)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyPair")
    void everySampleIsValidJsonOfRealisticSizeCarryingItsProviderType(String scheme, String event) throws Exception {
        SamplePayload sample = payloads(counter()).build(scheme, event);

        JsonNode tree = JSON.readTree(sample.body());
        assertThat(tree.isObject()).isTrue();
        assertThat(sample.body().length).isBetween(200, 2500);
        assertThat(sample.json()).doesNotContain("${");
        String pointer = TYPE_POINTER.get(scheme);
        if (pointer != null) {
            assertThat(tree.at(pointer).asText()).isEqualTo(sample.providerType());
        }
        assertThat(sample.scheme()).isEqualTo(scheme);
        assertThat(sample.event()).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyPair")
    void twoBuildsOfTheSamePairAreDistinctEvents(String scheme, String event) {
        SamplePayloads payloads = payloads(SampleRequests.randomIds());

        assertThat(payloads.build(scheme, event).json()).isNotEqualTo(payloads.build(scheme, event).json());
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "shopify, order.created, orders/create",
        "shopify, payment.succeeded, orders/paid",
        "shopify, inventory.updated, inventory_levels/update",
        "stripe, payment.failed, payment_intent.payment_failed",
        "stripe, order.created, checkout.session.completed",
        "square, payment.failed, payment.updated",
        "square, inventory.updated, inventory.count.updated",
        "paddle, payment.failed, transaction.payment_failed",
        "woocommerce, order.created, order.created",
        "woocommerce, payment.failed, order.updated",
        "github, refund.created, issues",
        "standard, review.created, review.created",
        "generic, shipment.updated, shipment.updated",
    })
    void mapsCommerceEventsToTheProvidersOwnTopic(String scheme, String event, String providerType) {
        assertThat(payloads(counter()).build(scheme, event).providerType()).isEqualTo(providerType);
    }

    @Test
    void envelopeIdsComeFromTheInjectedSupplier() throws Exception {
        JsonNode first = JSON.readTree(payloads(() -> "FIXED").build("stripe", "payment.failed").json());

        assertThat(first.at("/id").asText()).isEqualTo("evt_FIXED");
        assertThat(first.at("/created").asLong()).isEqualTo(1714557600L);
    }

    @Test
    void squarePaymentFailedIsAPaymentUpdatedWithStatusFailed() throws Exception {
        JsonNode tree = JSON.readTree(payloads(counter()).build("square", "payment.failed").json());

        assertThat(tree.at("/data/object/payment/status").asText()).isEqualTo("FAILED");
        assertThat(tree.at("/data/id").asText()).isEqualTo(tree.at("/data/object/payment/id").asText());
    }

    @Test
    void githubSendsAnOpenedIssueForAnyEvent() throws Exception {
        JsonNode tree = JSON.readTree(payloads(counter()).build("github", "payment.failed").json());

        assertThat(tree.at("/action").asText()).isEqualTo("opened");
        assertThat(tree.at("/issue/title").asText()).contains("payment.failed");
    }

    @Test
    void standardAndGenericBodiesHaveTheirDocumentedShape() throws Exception {
        JsonNode standard = JSON.readTree(payloads(counter()).build("standard", "order.created").json());
        JsonNode generic = JSON.readTree(payloads(counter()).build("generic", "order.created").json());

        assertThat(standard.fieldNames()).toIterable().containsExactly("type", "timestamp", "data");
        assertThat(generic.fieldNames()).toIterable().containsExactly("event", "timestamp", "data");
        assertThat(standard.at("/timestamp").asText()).isEqualTo("2024-05-01T10:00:00Z");
    }

    @Test
    void stripeBodiesArePrettyPrintedLikeStripeAndOthersCompact() {
        assertThat(payloads(counter()).build("stripe", "refund.created").json()).startsWith("{\n  \"id\": \"evt_");
        assertThat(payloads(counter()).build("shopify", "refund.created").json()).doesNotContain("\n");
    }

    @Test
    void reviewsExistOnlyForStandardAndGeneric() {
        assertThat(SamplePayloads.supports("standard", "review.created")).isTrue();
        assertThat(SamplePayloads.supports("generic", "review.created")).isTrue();
        assertThat(SamplePayloads.supports("shopify", "review.created")).isFalse();
        assertThat(SamplePayloads.supports("stripe", "review.created")).isFalse();
    }

    @Test
    void unknownPairIsRejectedWithTheListOfWhatExists() {
        assertThatThrownBy(() -> payloads(counter()).build("stripe", "shipment.updated"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stripe: order.created, payment.failed")
                .hasMessageContaining("shopify:");
        assertThatThrownBy(() -> payloads(counter()).build("svix", "order.created"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static SamplePayloads payloads(Supplier<String> ids) {
        return new SamplePayloads(ids, CLOCK);
    }

    private static Supplier<String> counter() {
        AtomicInteger n = new AtomicInteger();
        return () -> "id" + n.incrementAndGet();
    }
}
