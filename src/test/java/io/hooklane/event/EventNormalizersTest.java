package io.hooklane.event;

import static io.hooklane.event.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventNormalizersTest {

    @ParameterizedTest(name = "has_a_normalizer_for_{0}")
    @ValueSource(strings = {"standard", "stripe", "shopify", "woocommerce", "github", "square", "paddle", "generic"})
    void has_a_normalizer_for_every_scheme(String scheme) {
        assertThat(EventNormalizers.forScheme(scheme, scheme, () -> "id")).isNotNull();
    }

    @Test
    void matches_scheme_names_case_insensitively() {
        assertThat(EventNormalizers.forScheme(" Stripe ", "stripe", () -> "id"))
                .isInstanceOf(StripeNormalizer.class);
    }

    @Test
    void rejects_an_unknown_scheme() {
        assertThatThrownBy(() -> EventNormalizers.forScheme("paypal", "paypal", () -> "id"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("paypal");
    }

    @Test
    void rejects_a_source_that_is_not_a_uri_reference() {
        assertThatThrownBy(() -> EventNormalizers.forScheme("stripe", "my stripe", () -> "id"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventNormalizers.forScheme("stripe", " ", () -> "id"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void asks_the_id_generator_only_when_the_provider_sent_no_id() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        EventNormalizer normalizer = EventNormalizers.forScheme("generic", "shop", () -> {
            calls.incrementAndGet();
            return UUID.randomUUID().toString();
        });

        normalizer.normalize(webhook("shop", headers(), "{\"id\":\"e1\",\"event\":\"order.created\"}".getBytes()),
                RECEIVED_AT);
        CanonicalEvent generated = normalizer.normalize(
                webhook("shop", headers(), "{\"event\":\"order.created\"}".getBytes()), RECEIVED_AT);

        assertThat(calls).hasValue(1);
        assertThat(UUID.fromString(generated.id())).isNotNull();
    }

    @Test
    void never_changes_the_payload_bytes() throws Exception {
        byte[] body = "{ \"event\" : \"order.created\" ,\n\t\"data\":{\"id\":7}}".getBytes();
        byte[] copy = body.clone();

        CanonicalEvent event = normalize("generic", "shop", headers(), body);

        assertThat(body).isEqualTo(copy);
        assertThat(event.data()).isEqualTo(copy);
    }
}
