package io.hooklane.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdWindowTest {

    @Test
    void answers_false_for_an_id_it_already_holds() {
        IdWindow window = new IdWindow(10);

        assertThat(window.add("stripe:evt_1")).isTrue();
        assertThat(window.add("stripe:evt_1")).isFalse();
        assertThat(window.contains("stripe:evt_1")).isTrue();
        assertThat(window.contains("stripe:evt_2")).isFalse();
        assertThat(window.size()).isEqualTo(1);
    }

    @Test
    void forgets_the_oldest_id_when_a_new_one_arrives_at_capacity() {
        IdWindow window = new IdWindow(3);
        window.add("a");
        window.add("b");
        window.add("c");

        window.add("d");

        assertThat(window.contains("a")).isFalse();
        assertThat(window.contains("b")).isTrue();
        assertThat(window.contains("d")).isTrue();
        assertThat(window.size()).isEqualTo(3);
    }

    @Test
    void a_duplicate_does_not_make_an_id_younger() {
        IdWindow window = new IdWindow(2);
        window.add("a");
        window.add("b");
        window.add("a"); // a replay inside the window: still the oldest

        window.add("c");

        assertThat(window.contains("a")).isFalse();
        assertThat(window.contains("b")).isTrue();
    }

    @Test
    void a_removed_id_leaves_its_place_empty_and_can_be_added_again() {
        IdWindow window = new IdWindow(3);
        window.add("a");
        window.add("b");
        window.add("c");
        assertThat(window.remove("a")).isTrue();
        assertThat(window.remove("a")).isFalse();

        window.add("d"); // takes the place "a" had: nothing there to push out

        assertThat(window.contains("b")).isTrue();
        assertThat(window.contains("c")).isTrue();
        assertThat(window.size()).isEqualTo(3);
        assertThat(window.add("a")).isTrue(); // back, as the youngest: "b", the oldest, leaves
        assertThat(window.contains("b")).isFalse();
        assertThat(window.contains("c")).isTrue();
        assertThat(window.size()).isEqualTo(3);
    }

    @Test
    void grows_past_its_initial_arrays_up_to_the_capacity_and_keeps_every_id() {
        IdWindow window = new IdWindow(5_000);
        IntStream.range(0, 5_000).forEach(i -> window.add("id-" + i));

        assertThat(IntStream.range(0, 5_000).allMatch(i -> window.contains("id-" + i))).isTrue();
        window.add("id-5000");
        assertThat(window.contains("id-0")).isFalse();
        assertThat(window.contains("id-1")).isTrue();
        assertThat(window.size()).isEqualTo(5_000);
    }

    @Test
    void clear_empties_the_window() {
        IdWindow window = new IdWindow(4);
        window.add("a");
        window.add("b");

        window.clear();

        assertThat(window.size()).isZero();
        assertThat(window.contains("a")).isFalse();
        assertThat(window.add("a")).isTrue();
    }

    /** The model: an id stays until {@code capacity} later additions have been made, or until it is removed. */
    @ParameterizedTest(name = "matches_a_model_of_the_last_{0}_additions_under_random_operations")
    @ValueSource(ints = {1, 7, 64, 1500})
    void matches_a_model_of_the_last_additions_under_random_adds_removes_and_lookups(int capacity) {
        IdWindow window = new IdWindow(capacity);
        Map<String, Long> present = new HashMap<>(); // id -> the addition that put it in the window
        ArrayDeque<Map.Entry<String, Long>> additions = new ArrayDeque<>();
        Random random = new Random(capacity);
        long sequence = 0;
        for (int step = 0; step < 200_000; step++) {
            String id = "id-" + random.nextInt(capacity * 3 + 2);
            int operation = random.nextInt(10);
            if (operation < 6) {
                boolean added = !present.containsKey(id);
                if (added) {
                    present.put(id, ++sequence);
                    additions.addLast(Map.entry(id, sequence));
                    if (additions.size() > capacity) {
                        Map.Entry<String, Long> oldest = additions.removeFirst();
                        present.remove(oldest.getKey(), oldest.getValue());
                    }
                }
                assertThat(window.add(id)).as("add %s at step %d", id, step).isEqualTo(added);
            } else if (operation < 8) {
                assertThat(window.remove(id)).as("remove %s at step %d", id, step)
                        .isEqualTo(present.remove(id) != null);
            } else {
                assertThat(window.contains(id)).as("contains %s at step %d", id, step)
                        .isEqualTo(present.containsKey(id));
            }
            assertThat(window.size()).isEqualTo(present.size());
        }
    }

    @Test
    void refuses_a_capacity_outside_its_bounds() {
        assertThatThrownBy(() -> new IdWindow(0)).hasMessageContaining("was 0");
        assertThatThrownBy(() -> new IdWindow(IdWindow.MAX_CAPACITY + 1)).hasMessageContaining("between 1 and " + IdWindow.MAX_CAPACITY)
                .isInstanceOf(IllegalArgumentException.class);
    }
}
