package io.hooklane.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class WebhookIdsTest {

    @Test
    void same_inputs_give_the_same_id() {
        assertThat(WebhookIds.of("orders", "stripe", "evt_1")).isEqualTo(WebhookIds.of("orders", "stripe", "evt_1"));
    }

    @Test
    void id_is_a_pure_function_of_its_inputs() {
        // pinned: a change here breaks receivers' idempotency across a gateway upgrade
        String id = WebhookIds.of("orders", "stripe", "evt_1");
        assertThat(id).isEqualTo(WebhookIds.of(new String("orders"), new String("stripe"), new String("evt_1")));
        assertThat(id).isEqualTo("msg_TslNV1IOnGPpo2xeSLkZYrzg3Po");
    }

    @Test
    void different_destinations_give_different_ids() {
        assertThat(WebhookIds.of("orders", "stripe", "evt_1")).isNotEqualTo(WebhookIds.of("billing", "stripe", "evt_1"));
    }

    @Test
    void different_sources_give_different_ids() {
        assertThat(WebhookIds.of("orders", "stripe", "evt_1")).isNotEqualTo(WebhookIds.of("orders", "paddle", "evt_1"));
    }

    @Test
    void different_event_ids_give_different_ids() {
        assertThat(WebhookIds.of("orders", "stripe", "evt_1")).isNotEqualTo(WebhookIds.of("orders", "stripe", "evt_2"));
    }

    @Test
    void moving_text_between_fields_changes_the_id() {
        assertThat(WebhookIds.of("ab", "c", "d")).isNotEqualTo(WebhookIds.of("a", "bc", "d"));
        assertThat(WebhookIds.of("a", "bc", "d")).isNotEqualTo(WebhookIds.of("a", "b", "cd"));
    }

    @Test
    void has_msg_prefix_and_a_header_safe_charset() {
        for (String eventId : new String[] {"evt_1", "", "ünïcödé ✓", "with.dots.and spaces", "a\nb", "x".repeat(5000)}) {
            String id = WebhookIds.of("orders-api", "https://example.com/src", eventId);
            assertThat(id).matches("msg_[A-Za-z0-9_-]{27}");
            assertThat(id).doesNotContain(".", ",", " ", "=", "+", "/");
        }
    }

    @Test
    void many_events_give_distinct_ids() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(WebhookIds.of("orders", "stripe", "evt_" + i));
        }
        assertThat(ids).hasSize(10_000);
    }
}
