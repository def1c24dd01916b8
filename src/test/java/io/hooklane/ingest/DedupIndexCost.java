package io.hooklane.ingest;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CPU per id of the dedup index's operations, as the process's CPU time (RocksDB's background threads included) over
 * {@code n} ids per round, in an index already holding a million ids: a new id's lookup, an id written as
 * {@code 783d46a} wrote an instance's own ids (about 25 per write at 5,000/s, then again when read back from the
 * topic), and an id written once in writes of 500. Not a test: {@code java -cp "target/test-classes:target/classes:
 * target/lib/*" io.hooklane.ingest.DedupIndexCost <dir, deleted first> <n>}.
 */
public final class DedupIndexCost {
    private static final DedupIndex.Source IDS = new DedupIndex.Source("ids", "B3lNxLGPSY2ZKZ8hF0Ugrw", "cluster-1");

    static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        DedupIndex.deleteTree(dir);
        long now = System.currentTimeMillis();
        long seq = 0;
        try (DedupIndex index = DedupIndex.open(dir, 64L << 20)) {
            // a window already holding 1,000,000 ids
            for (int b = 0; b < 1000; b++) {
                List<DedupIndex.Entry> batch = new ArrayList<>();
                for (int i = 0; i < 1000; i++) batch.add(new DedupIndex.Entry(IdFingerprint.of("pre/" + seq++), now));
                index.write(batch, IDS, Map.of(0, seq));
            }
            index.flush();
            for (int round = 0; round < 3; round++) {
                long c0 = cpu();
                for (int i = 0; i < n; i++) IdFingerprint.of("fp/" + round + "/" + i);
                long c1 = cpu();
                int hits = 0;
                for (int i = 0; i < n; i++) if (index.contains(IdFingerprint.of("new/" + round + "/" + i), now - 1000)) hits++;
                long c2 = cpu();
                // as 783d46a: each own id written alone-ish (batches of 25, a 5 ms linger at 5,000/s), then again when read back
                for (int i = 0; i < n; i += 25) {
                    List<DedupIndex.Entry> batch = new ArrayList<>();
                    for (int j = 0; j < 25; j++) batch.add(new DedupIndex.Entry(IdFingerprint.of("w2/" + round + "/" + (i + j)), now));
                    index.write(batch, IDS, Map.of());
                    index.write(batch, IDS, Map.of(0, seq += 25));
                }
                long c3 = cpu();
                // once, in batches of 500 (0.1 s of 5,000/s)
                for (int i = 0; i < n; i += 500) {
                    List<DedupIndex.Entry> batch = new ArrayList<>();
                    for (int j = 0; j < 500; j++) batch.add(new DedupIndex.Entry(IdFingerprint.of("w1/" + round + "/" + (i + j)), now));
                    index.write(batch, IDS, Map.of(0, seq += 500));
                }
                long c4 = cpu();
                System.out.printf("round %d, %d ids: sha256 %.2f us, contains(new id) %.2f us (incl. sha), write twice/25 %.2f us, write once/500 %.2f us (CPU per id, process)%n",
                        round, n, (c1 - c0) / 1e3 / n, (c2 - c1) / 1e3 / n, (c3 - c2) / 1e3 / n, (c4 - c3) / 1e3 / n);
                if (hits != 0) System.out.println("unexpected hits " + hits);
            }
        }
    }
}
