package io.hooklane.ingest;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.hooklane.ingest.DedupIndex.HOUR_MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DedupIndexTest {

    private static final long T0 = 1_790_000_000_000L;
    private static final long MEMORY = 8L << 20;
    private static final DedupIndex.Source IDS = new DedupIndex.Source("ids", "B3lNxLGPSY2ZKZ8hF0Ugrw", "cluster-1");

    @TempDir
    Path dir;

    @Test
    void answers_for_an_id_only_while_it_is_inside_the_window_to_the_millisecond() {
        try (DedupIndex index = DedupIndex.open(dir, MEMORY)) {
            IdFingerprint id = IdFingerprint.of("stripe/evt_1");
            index.write(List.of(new DedupIndex.Entry(id, T0)), IDS, Map.of(0, 1L));

            assertThat(index.contains(id, T0 - 72 * HOUR_MS)).isTrue();
            assertThat(index.contains(id, T0)).isTrue();
            assertThat(index.contains(id, T0 + 1)).isFalse();
            assertThat(index.contains(IdFingerprint.of("stripe/evt_2"), T0 - HOUR_MS)).isFalse();
        }
    }

    @Test
    void drops_an_hour_once_all_of_it_has_left_the_window() {
        try (DedupIndex index = DedupIndex.open(dir, MEMORY)) {
            IdFingerprint old = IdFingerprint.of("github/old");
            IdFingerprint recent = IdFingerprint.of("github/recent");
            long hourStart = Math.floorDiv(T0, HOUR_MS) * HOUR_MS;
            index.write(List.of(new DedupIndex.Entry(old, hourStart + 10),
                    new DedupIndex.Entry(recent, hourStart + HOUR_MS + 10)), IDS, Map.of());

            // the window starts inside the old id's hour: that hour stays (only whole hours are dropped)
            assertThat(index.expire(hourStart + HOUR_MS - 1)).isZero();
            assertThat(index.hours()).hasSize(2);
            assertThat(index.expire(hourStart + HOUR_MS)).isEqualTo(1);
            assertThat(index.hours()).containsExactly(Math.floorDiv(T0, HOUR_MS) + 1);
            assertThat(index.contains(old, 0)).isFalse();
            assertThat(index.contains(recent, hourStart + HOUR_MS)).isTrue();
        }
    }

    @Test
    void an_id_accepted_again_in_a_later_hour_outlives_its_first_hour() {
        try (DedupIndex index = DedupIndex.open(dir, MEMORY)) {
            IdFingerprint id = IdFingerprint.of("square/again");
            long hourStart = Math.floorDiv(T0, HOUR_MS) * HOUR_MS;
            index.write(List.of(new DedupIndex.Entry(id, hourStart + 10)), IDS, Map.of());
            index.write(List.of(new DedupIndex.Entry(id, hourStart + HOUR_MS + 10)), IDS, Map.of());

            assertThat(index.expire(hourStart + HOUR_MS)).isEqualTo(1);
            assertThat(index.contains(id, hourStart + HOUR_MS)).isTrue();
        }
    }

    @Test
    void reopens_with_its_ids_the_offsets_it_applied_and_the_topic_they_were_read_from() {
        IdFingerprint id = IdFingerprint.of("shopify/1");
        try (DedupIndex index = DedupIndex.open(dir, MEMORY)) {
            assertThat(index.opened()).isEqualTo(DedupIndex.Opened.CREATED);
            assertThat(index.applied()).isEqualTo(new DedupIndex.Applied(null, Map.of()));
            index.write(List.of(new DedupIndex.Entry(id, T0)), IDS, Map.of(0, 42L));
            // a partition first read later (added to the topic) joins the others
            index.write(List.of(), IDS, Map.of(11, 3L));
        }
        try (DedupIndex index = DedupIndex.open(dir, MEMORY)) {
            assertThat(index.opened()).isEqualTo(DedupIndex.Opened.EXISTING);
            assertThat(index.applied()).isEqualTo(new DedupIndex.Applied(IDS, Map.of(0, 42L, 11, 3L)));
            assertThat(index.contains(id, T0)).isTrue();
        }
    }

    @Test
    void ids_written_only_locally_record_no_topic() {
        try (DedupIndex index = DedupIndex.open(dir, MEMORY)) {
            IdFingerprint id = IdFingerprint.of("github/1");
            index.write(List.of(new DedupIndex.Entry(id, T0)), IDS, Map.of());
            assertThat(index.applied()).isEqualTo(new DedupIndex.Applied(null, Map.of()));
            assertThat(index.contains(id, T0)).isTrue();
        }
    }

    @Test
    void an_index_it_cannot_open_is_replaced_by_an_empty_one() throws Exception {
        IdFingerprint id = IdFingerprint.of("shopify/1");
        try (DedupIndex index = DedupIndex.open(dir, MEMORY)) {
            index.write(List.of(new DedupIndex.Entry(id, T0)), IDS, Map.of(0, 1L));
        }
        Files.writeString(dir.resolve("CURRENT"), "garbage");

        try (DedupIndex index = DedupIndex.open(dir, MEMORY)) {
            assertThat(index.opened()).isEqualTo(DedupIndex.Opened.RECOVERED);
            assertThat(index.applied()).isEqualTo(new DedupIndex.Applied(null, Map.of()));
            assertThat(index.contains(id, T0)).isFalse();
        }
    }

    @Test
    void clear_forgets_every_id_and_offset() {
        try (DedupIndex index = DedupIndex.open(dir, MEMORY)) {
            IdFingerprint id = IdFingerprint.of("acp/1");
            index.write(List.of(new DedupIndex.Entry(id, T0)), IDS, Map.of(0, 5L));
            index.clear();
            assertThat(index.contains(id, 0)).isFalse();
            assertThat(index.applied()).isEqualTo(new DedupIndex.Applied(null, Map.of()));
        }
    }

    @Test
    void a_read_that_finds_a_damaged_file_fails_as_an_index_failure() throws Exception {
        try (DedupIndex index = DedupIndex.open(dir, MEMORY)) {
            List<DedupIndex.Entry> entries = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                entries.add(new DedupIndex.Entry(IdFingerprint.of("stripe/evt_" + i), T0));
            }
            index.write(entries, IDS, Map.of(0, 20_000L));
            index.flush();
            damageTablesOn(dir);

            // every id was written: a lookup reads its data block, which no longer matches its checksum
            assertThatThrownBy(() -> entries.forEach(entry -> index.contains(entry.id(), T0)))
                    .isInstanceOf(DedupIndex.Failure.class)
                    .hasMessageContaining("reading the dedup index failed");
        }
    }

    @Test
    void a_closed_index_fails_as_an_index_failure() {
        DedupIndex index = DedupIndex.open(dir, MEMORY);
        index.close();
        assertThatThrownBy(() -> index.contains(IdFingerprint.of("paddle/1"), T0)).isInstanceOf(DedupIndex.Failure.class);
    }

    /** Overwrites the first half of every table file in place, as a failing disk would (the data blocks come first). */
    static void damageTablesOn(Path dir) throws IOException {
        List<Path> tables;
        try (Stream<Path> files = Files.list(dir)) {
            tables = files.filter(file -> file.toString().endsWith(".sst")).toList();
        }
        assertThat(tables).as("table files in " + dir).isNotEmpty();
        for (Path table : tables) {
            try (RandomAccessFile file = new RandomAccessFile(table.toFile(), "rw")) {
                byte[] garbage = new byte[(int) (file.length() / 2)];
                Arrays.fill(garbage, (byte) 0x5A);
                file.seek(0);
                file.write(garbage);
                file.getFD().sync();
            }
        }
    }
}
