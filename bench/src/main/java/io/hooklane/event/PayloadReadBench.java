package io.hooklane.event;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How much a normalizer's read of a payload costs: the whole tree ({@link Json#readObject(byte[])}, the baseline,
 * what the normalizers did before {@code ebf741e}) beside the field read they do now
 * ({@link Json#readObject(byte[], FieldPaths)}), on a Stripe-shaped event of about 1 KB and 7 KB, in alternating
 * rounds in one JVM (so both see the same machine). Prints the median time per read over the rounds after the
 * first three (the JIT's), the range of the per-round ratio, and the bytes allocated per read. In this package
 * because the reads are package-private.
 *
 * <pre>
 * (cd bench &amp;&amp; mvn -q -o -B package -DskipTests)   # or any bench/run.sh, which builds it
 * java -cp "bench/target/hooklane-bench.jar:bench/target/lib/*:target/hooklane.jar" io.hooklane.event.PayloadReadBench
 * </pre>
 */
public final class PayloadReadBench {

    private static final FieldPaths STRIPE = FieldPaths.of("type", "id", "created", "data.object.id");
    private static final int WARM_UP_ROUNDS = 3;
    private static final int ROUNDS = 15;
    private static final int READS = 100_000;

    private PayloadReadBench() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf("java %s, %d cores; %d rounds of %,d reads each way, alternating, the first %d not counted%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), ROUNDS, READS,
                WARM_UP_ROUNDS);
        for (int lines : new int[] {5, 80}) {
            byte[] body = stripeEvent(lines);
            double[] tree = new double[ROUNDS - WARM_UP_ROUNDS];
            double[] fields = new double[ROUNDS - WARM_UP_ROUNDS];
            long sink = 0;
            for (int round = 0; round < ROUNDS; round++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < READS; i++) {
                    sink += Json.readObject(body).size();
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < READS; i++) {
                    sink += Json.readObject(body, STRIPE).size();
                }
                long t2 = System.nanoTime();
                if (round >= WARM_UP_ROUNDS) {
                    tree[round - WARM_UP_ROUNDS] = (t1 - t0) / 1e3 / READS;
                    fields[round - WARM_UP_ROUNDS] = (t2 - t1) / 1e3 / READS;
                }
            }
            double treeMicros = median(tree);
            double fieldsMicros = median(fields);
            double[] ratios = ratios(fields, tree);
            System.out.printf("%,6d B payload: whole tree %6.2f us, %,7d B allocated per read | fields %6.2f us,"
                            + " %,7d B allocated per read | fields/tree time %.2f (rounds %.2f..%.2f)  [%d]%n",
                    body.length, treeMicros, allocated(() -> Json.readObject(body)), fieldsMicros,
                    allocated(() -> Json.readObject(body, STRIPE)), fieldsMicros / treeMicros,
                    ratios[0], ratios[ratios.length - 1], sink % 10);
        }
    }

    private interface Read {
        void run() throws Exception;
    }

    private static long allocated(Read read) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 10_000; i++) {
            read.run();
        }
        return (threads.getThreadAllocatedBytes(id) - before) / 10_000;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** a[i] / b[i] for every round, sorted. */
    private static double[] ratios(double[] a, double[] b) {
        double[] ratios = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            ratios[i] = a[i] / b[i];
        }
        Arrays.sort(ratios);
        return ratios;
    }

    /** A Stripe charge event with {@code lines} line items: 5 give about 1 KB, 80 about 7 KB. */
    static byte[] stripeEvent(int lines) {
        StringBuilder json = new StringBuilder("{\"id\":\"evt_1NzqA2\",\"object\":\"event\","
                + "\"api_version\":\"2023-10-16\",\"created\":1700000000,\"type\":\"charge.succeeded\","
                + "\"livemode\":false,\"pending_webhooks\":1,\"request\":{\"id\":\"req_abc\","
                + "\"idempotency_key\":\"k-123\"},\"data\":{\"object\":{\"id\":\"ch_3Nz\","
                + "\"object\":\"charge\",\"amount\":2000,\"amount_captured\":2000,\"currency\":\"usd\","
                + "\"customer\":\"cus_1\",\"description\":\"Order 1234\",\"metadata\":{\"order_id\":\"1234\","
                + "\"cart\":\"c-99\"},\"billing_details\":{\"address\":{\"city\":\"Berlin\",\"country\":\"DE\","
                + "\"line1\":\"Street 1\",\"postal_code\":\"10115\"},\"email\":\"a@b.c\",\"name\":\"Jane\"},"
                + "\"outcome\":{\"network_status\":\"approved_by_network\",\"risk_level\":\"normal\",\"risk_score\":12,"
                + "\"seller_message\":\"Payment complete.\",\"type\":\"authorized\"},\"paid\":true,"
                + "\"status\":\"succeeded\",\"lines\":[");
        for (int i = 0; i < lines; i++) {
            json.append(i == 0 ? "" : ",").append("{\"sku\":\"SKU-").append(i).append("\",\"qty\":").append(i % 5 + 1)
                    .append(",\"price\":12.5,\"title\":\"A product title with some words\"}");
        }
        return json.append("]}}}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
