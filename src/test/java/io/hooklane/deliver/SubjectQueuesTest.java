package io.hooklane.deliver;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SubjectQueuesTest {

    private final SubjectQueues<String, String> queues = new SubjectQueues<>();

    @Test
    void hands_out_only_the_head_of_each_subject_until_it_is_done() {
        queues.add("a", "a1");
        queues.add("a", "a2");
        queues.add("b", "b1");

        assertThat(queues.take()).isEqualTo("a1");
        assertThat(queues.take()).isEqualTo("b1");
        assertThat(queues.take()).as("a2 waits behind a1").isNull();

        queues.done("a");
        assertThat(queues.take()).isEqualTo("a2");
        assertThat(queues.size()).isEqualTo(2);
    }

    @Test
    void a_parked_subject_holds_up_only_its_own_queue_and_restarts_with_the_same_head() {
        queues.add("failing", "f1");
        queues.add("failing", "f2");
        queues.add("ok", "o1");
        queues.add("ok", "o2");
        assertThat(queues.take()).isEqualTo("f1");

        // f1 failed and is parked: nothing of "failing" is handed out, "ok" flows
        assertThat(queues.take()).isEqualTo("o1");
        queues.done("ok");
        assertThat(queues.take()).isEqualTo("o2");
        queues.done("ok");
        assertThat(queues.take()).isNull();

        queues.again("failing");
        assertThat(queues.take()).as("the retry is the same head").isEqualTo("f1");
        queues.done("failing");
        assertThat(queues.take()).isEqualTo("f2");
    }

    @Test
    void removing_keys_drops_their_whole_queues_and_later_results_for_them_change_nothing() {
        queues.add("p0-a", "a1");
        queues.add("p0-a", "a2");
        queues.add("p1-b", "b1");
        assertThat(queues.take()).isEqualTo("a1");

        List<String> removed = queues.removeKeys(key -> key.startsWith("p0"));

        assertThat(removed).containsExactly("a1", "a2");
        assertThat(queues.size()).isEqualTo(1);
        queues.done("p0-a");
        queues.again("p0-a");
        assertThat(queues.take()).isEqualTo("b1");
        assertThat(queues.take()).isNull();
        assertThat(queues.keys()).isEqualTo(1);
    }
}
