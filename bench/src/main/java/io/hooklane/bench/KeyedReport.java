package io.hooklane.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The report of the agent, fanout8 and parked scenarios: one row per gateway (the baseline first, when the run had
 * one), each from the load generator's {@code .properties} and time series of its run; fanout8 puts the hand-rolled
 * pipeline ({@link FanoutBaseline}) before them when the run had it.
 *
 * <pre>
 * KeyedReport agent|fanout8|parked RESULTS_DIR
 * </pre>
 * End to end counts only the events of the measurement window that were delivered before the drain ended: when
 * fewer than 99 % of them were, the p99 is shown as {@code >} the longest one seen (the true p99 is later still).
 */
public final class KeyedReport {

    private static final String[] SIDES = {"baseline", "tested"};
    /** fanout8: the hand-rolled pipeline (io.hooklane.bench.FanoutBaseline) first, then the gateways. */
    static final String HAND_ROLLED = "handrolled";
    private static final String[] FANOUT8_ROWS = {HAND_ROLLED, "baseline", "tested"};

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "agent" -> agent(dir);
            case "fanout8" -> fanout8(dir);
            case "parked" -> parked(dir);
            default -> throw new IllegalArgumentException("agent|fanout8|parked RESULTS_DIR");
        }
    }

    static void agent(Path dir) throws IOException {
        System.out.println("offered = the open-loop rate; deliv/s = deliveries the agent answered during the window,"
                + " per second; e2e = intended send -> the agent's answer (its delay included), events of the window;"
                + " heap = the gateway's heap used at the first and last sample of the window, and the most live data;"
                + " at once = most deliveries the agent held at the same time");
        System.out.printf("%-9s %8s %7s %8s %6s %10s %10s %9s %17s %7s %8s %11s %7s  %s%n", "gateway", "offered",
                "202/s", "deliv/s", "ratio", "e2e p50 ms", "e2e p99 ms", "delivered", "heap MB first>last", "live MB",
                "at once", "out of order", "other s", "build");
        for (String side : SIDES) {
            Path props = dir.resolve("agent-" + side + ".properties");
            if (!Files.exists(props)) {
                continue;
            }
            Properties p = load(props);
            double offered = num(p, "rate");
            double delivered = num(p, "window_deliveries") / num(p, "measure_s");
            ScenarioReport.Series s = ScenarioReport.read(dir.resolve("agent-" + side + ".csv"));
            double[] heap = s.stats("heap_used_mb", r -> r[s.col("phase")].startsWith("measure"));
            double[] live = s.stats("heap_live_mb", r -> true);
            System.out.printf("%-9s %8.1f %7s %8.1f %6.2f %10s %10s %9s %8.0f>%-8.0f %7.0f %8s %11s %7s  %s%n", side,
                    offered, p.getProperty("throughput"), delivered, delivered / offered, p.getProperty("e2e_p50_ms"),
                    p99(p, 1), completeness(p, 1), heap[2], heap[3], live[1],
                    p.getProperty("receiver_max_concurrent", "-"), p.getProperty("out_of_order", "-"),
                    p.getProperty("other_cpu_s"), build(dir, side));
        }
    }

    static void fanout8(Path dir) throws IOException {
        System.out.println("deliv/s = deliveries arriving during the window, per second, against 8 x 202/s; e2e ="
                + " intended send -> first delivery at a destination, every destination, events of the window;"
                + " CPU/1k dl = CPU seconds of the pipeline's process (the gateway, or the hand-rolled baseline) per"
                + " 1000 deliveries of the window; srv/broker/gen s = CPU seconds of that process, of the broker and of"
                + " the load generator (sender and receiver) during the window; body B = mean delivered body");
        System.out.printf("%-11s %7s %8s %8s %6s %10s %10s %9s %10s %7s %8s %7s %6s %9s %7s  %s%n", "pipeline", "202/s",
                "deliv/s", "8x202/s", "ratio", "e2e p50 ms", "e2e p99 ms", "delivered", "CPU/1k dl", "srv s",
                "broker s", "gen s", "body B", "undeliv.", "other s", "build");
        for (String side : FANOUT8_ROWS) {
            Path props = dir.resolve("fanout-N8-" + side + ".properties");
            if (!Files.exists(props)) {
                continue;
            }
            Properties p = load(props);
            double acks = num(p, "throughput");
            double delivered = num(p, "window_deliveries") / num(p, "measure_s");
            System.out.printf("%-11s %7.0f %8.0f %8.0f %6.2f %10s %10s %9s %10s %7s %8s %7s %6s %9s %7s  %s%n",
                    side.equals(HAND_ROLLED) ? "hand-rolled" : side, acks, delivered, 8 * acks,
                    acks > 0 ? delivered / (8 * acks) : Double.NaN, p.getProperty("e2e_p50_ms"), p99(p, 8),
                    completeness(p, 8), p.getProperty("server_cpu_per_1000_deliveries"), p.getProperty("server_cpu_s"),
                    p.getProperty("broker_cpu_s", "-"), p.getProperty("loadgen_cpu_s", "-"),
                    p.getProperty("delivery_body_bytes_mean", "-"), p.getProperty("acked_undelivered"),
                    p.getProperty("other_cpu_s"), build(dir, side));
        }
    }

    static void parked(Path dir) throws IOException {
        System.out.println("others = every subject but the failing one, events of the window, intended send ->"
                + " first delivery; steady = the same load without the failure; ratio = p99 failing / p99 steady"
                + " (target <= 1.10); refused = deliveries of the failing subject answered 503; undeliv. ="
                + " acknowledged events never delivered (the failing subject's, once its retries outlast the drain)");
        System.out.printf("%-9s %-8s %7s %12s %12s %12s %8s %8s %9s %11s %7s  %s%n", "gateway", "run", "202/s",
                "others p50", "others p99", "others max", "ratio", "refused", "undeliv.", "out of order", "other s",
                "build");
        for (String side : SIDES) {
            Path steadyFile = dir.resolve("parked-" + side + "-steady.properties");
            if (!Files.exists(steadyFile)) {
                continue;
            }
            Properties steady = load(steadyFile);
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"steady", "steady"});
            Path failingFile = dir.resolve("parked-" + side + "-failing.properties");
            Properties failing = Files.exists(failingFile) ? load(failingFile) : null;
            if (failing != null) {
                rows.add(new String[] {"failing", "failing"});
            }
            for (String[] row : rows) {
                Properties p = row[0].equals("steady") ? steady : failing;
                double ratio = num(p, "e2e_others_p99_ms") / num(steady, "e2e_others_p99_ms");
                System.out.printf("%-9s %-8s %7s %12s %12s %12s %8.2f %8s %9s %11s %7s  %s%n", side, row[1],
                        p.getProperty("throughput"), p.getProperty("e2e_others_p50_ms"),
                        p.getProperty("e2e_others_p99_ms"), p.getProperty("e2e_others_max_ms"), ratio,
                        p.getProperty("refused"), p.getProperty("acked_undelivered"), p.getProperty("out_of_order"),
                        p.getProperty("other_cpu_s"), build(dir, side));
            }
        }
    }

    /**
     * The p99 of the window's events; "&gt;max" when fewer than 99 % of their deliveries were made, "&gt;" the time from
     * the window's end to the drain's end when none was.
     */
    private static String p99(Properties p, int destinations) {
        double expected = num(p, "accepted") * destinations;
        double delivered = num(p, "e2e_count");
        if (delivered >= 0.99 * expected) {
            return p.getProperty("e2e_p99_ms");
        }
        return delivered > 0 ? ">" + p.getProperty("e2e_max_ms") : "none";
    }

    private static String completeness(Properties p, int destinations) {
        double expected = num(p, "accepted") * destinations;
        return expected <= 0 ? "-" : String.format("%.1f%%", 100 * num(p, "e2e_count") / expected);
    }

    private static String build(Path dir, String side) throws IOException {
        Path f = dir.resolve(side + ".gateway");
        return Files.exists(f) ? Files.readString(f).strip() : "?";
    }

    private static Properties load(Path f) throws IOException {
        return ScenarioReport.load(f);
    }

    private static double num(Properties p, String key) {
        return ScenarioReport.num(p, key);
    }
}
