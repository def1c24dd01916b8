package io.hooklane.deliver;

import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IncompleteOffsetsTest {

    private static final TopicPartition P0 = new TopicPartition("q", 0);
    private static final TopicPartition P1 = new TopicPartition("q", 1);
    private final IncompleteOffsets offsets = new IncompleteOffsets();

    @Test
    void commits_only_below_the_oldest_record_not_finished_whatever_order_they_finish_in() {
        for (long offset = 10; offset < 15; offset++) {
            offsets.taken(P0, offset, 1000 + offset);
        }
        assertThat(offsets.committable(P0)).hasValue(10);

        offsets.completed(P0, 12);
        offsets.completed(P0, 13);
        assertThat(offsets.committable(P0)).as("10 is not finished").hasValue(10);

        offsets.completed(P0, 10);
        assertThat(offsets.committable(P0)).hasValue(11);
        offsets.completed(P0, 11);
        assertThat(offsets.committable(P0)).as("13 and 12 were finished already").hasValue(14);
        offsets.completed(P0, 14);
        assertThat(offsets.committable(P0)).as("all done: one past the last taken").hasValue(15);
    }

    @Test
    void partitions_are_independent_and_a_forgotten_one_commits_nothing() {
        offsets.taken(P0, 0, 5000);
        offsets.taken(P1, 7, 3000);
        assertThat(offsets.committable(P1)).hasValue(7);
        assertThat(offsets.oldestTimestamp()).hasValue(3000);
        assertThat(offsets.incomplete()).isEqualTo(2);

        offsets.forget(List.of(P1));

        assertThat(offsets.committable(P1)).isEmpty();
        assertThat(offsets.oldestTimestamp()).hasValue(5000);
        offsets.completed(P0, 0);
        assertThat(offsets.oldestTimestamp()).isEmpty();
        assertThat(offsets.committable(P0)).hasValue(1);
    }
}
