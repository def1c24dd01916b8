package io.hooklane.agent.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SseEventsTest {

    private final SseEvents events = new SseEvents();
    private final List<String> seen = new ArrayList<>();

    private void feed(String text) {
        events.feed(text.getBytes(StandardCharsets.UTF_8), seen::add);
    }

    @Test
    void joins_the_data_lines_of_one_event_and_dispatches_it_at_the_blank_line() {
        feed("data: {\"a\":\ndata: 1}\n");
        assertThat(seen).isEmpty();

        feed("\n");

        assertThat(seen).containsExactly("{\"a\":\n1}");
    }

    @Test
    void reads_crlf_and_cr_line_ends_even_when_a_crlf_is_split_between_two_buffers() {
        feed("data: one\r");
        feed("\n\r\n");
        feed("data: two\r\r");

        assertThat(seen).containsExactly("one", "two");
    }

    @Test
    void skips_comments_events_of_other_types_and_events_without_data() {
        feed(": keep-alive\n\nevent: ping\ndata: skipped\n\nid: 7\n\nevent: message\ndata:kept\n\n");

        assertThat(seen).containsExactly("kept");
    }
}
