package io.hooklane.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The tables of the fan-out and backlog scenarios of run.sh, from what LoadGen wrote.
 *
 * <pre>
 * ScenarioReport fanout RESULTS_DIR     fanout-N&lt;n&gt;.properties, one row per N
 * ScenarioReport backlog RESULTS_DIR    backlog.properties + backlog.csv (the time series)
 * </pre>
 * Exit status 2 when acknowledged events were not delivered (fan-out: to every destination).
 */
public final class ScenarioReport {

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[1]);
        int status = switch (args[0]) {
            case "fanout" -> fanout(dir);
            case "backlog" -> backlog(dir);
            default -> throw new IllegalArgumentException("fanout|backlog RESULTS_DIR");
        };
        System.exit(status);
    }

    static Properties load(Path f) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f)) {
            p.load(r);
        }
        return p;
    }

    static double num(Properties p, String key) {
        try {
            return Double.parseDouble(p.getProperty(key, "NaN"));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    // ------------------------------------------------------------------------------------------------------ fan-out

    static int fanout(Path dir) throws IOException {
        Pattern name = Pattern.compile("fanout-N(\\d+)\\.properties");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> name.matcher(p.getFileName().toString()).matches())
                    .sorted((a, b) -> Integer.compare(n(name, a), n(name, b))).toList();
        }
        String fmt = "%3s %6s %8s %8s %7s %9s %8s %8s %6s %8s %8s %8s %9s %10s %10s %6s %5s %7s %8s %s%n";
        System.out.printf(fmt, "N", "rate/s", "sent", "202", "ack/s", "deliv(w)", "deliv/s", "N*ack/s", "ratio",
                "e2e p50", "e2e p99", "p99.9", "max ms", "CPU/1k dl", "CPU/1k ev", "RSS MB", "dups", "missing",
                "tail s", "kept up");
        System.out.println("-".repeat(170));
        boolean ok = true;
        List<String> notes = new ArrayList<>();
        for (Path f : files) {
            int n = n(name, f);
            Properties p = load(f);
            double ack = num(p, "throughput");
            double delivered = num(p, "window_deliveries_per_s");
            double expected = n * ack;
            double ratio = expected > 0 ? delivered / expected : Double.NaN;
            long acked = (long) num(p, "acked_total_tokens");
            long unique = (long) num(p, "unique_deliveries_acked");
            long missing = acked * n - unique;
            double tail = num(p, "last_delivery_after_load_s");
            boolean keptUp = ratio >= 0.97 && missing == 0 && tail <= 5;
            ok &= missing == 0;
            System.out.printf(fmt, n, (long) num(p, "rate"), p.getProperty("sent"), p.getProperty("accepted"),
                    p.getProperty("throughput"), p.getProperty("window_deliveries"), p.getProperty("window_deliveries_per_s"),
                    String.format(Locale.ROOT, "%.0f", expected), String.format(Locale.ROOT, "%.2f", ratio),
                    p.getProperty("e2e_p50_ms"), p.getProperty("e2e_p99_ms"), p.getProperty("e2e_p999_ms"),
                    p.getProperty("e2e_max_ms"), p.getProperty("server_cpu_per_1000_deliveries"),
                    p.getProperty("server_cpu_per_1000"), p.getProperty("server_rss_mb"),
                    p.getProperty("delivery_duplicates"), missing, p.getProperty("last_delivery_after_load_s"),
                    keptUp ? "yes" : "NO");
            StringBuilder per = new StringBuilder();
            for (int i = 1; i <= n; i++) {
                String d = "fan-" + i;
                per.append(String.format(" %s p50 %s p99 %s (%s);", d, p.getProperty("e2e." + d + ".p50_ms", "-"),
                        p.getProperty("e2e." + d + ".p99_ms", "-"), p.getProperty("deliveries." + d, "0")));
            }
            notes.add("N=" + n + " per destination, end to end ms (deliveries, whole run):" + per);
            if (!"0".equals(p.getProperty("other")) || !"0".equals(p.getProperty("errors"))
                    || !"0".equals(p.getProperty("skipped", "0"))) {
                notes.add("N=" + n + ": ingest other statuses " + p.getProperty("other_statuses") + ", errors "
                        + p.getProperty("error_kinds") + ", not sent " + p.getProperty("skipped"));
            }
            double otherCpu = num(p, "other_cpu_s");
            double available = num(p, "measure_s") * num(p, "cores");
            if (otherCpu > 0.1 * available) {
                notes.add(String.format(Locale.ROOT, "N=%d: other processes used %.0f%% of the machine's CPU during the"
                        + " measurement: this row understates the gateway", n, 100 * otherCpu / available));
            }
            if (!"true".equals(p.getProperty("drained"))) {
                notes.add("N=" + n + ": deliveries had not drained when the load generator gave up waiting");
            }
        }
        notes.forEach(s -> System.out.println("note: " + s));
        if (!ok) {
            System.out.println("FAIL: acknowledged events not delivered to every destination (missing > 0)");
        }
        return ok ? 0 : 2;
    }

    private static int n(Pattern name, Path p) {
        Matcher m = name.matcher(p.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }

    // ------------------------------------------------------------------------------------------------------ backlog

    /** The time series, column by name. */
    record Series(List<String> header, List<String[]> rows) {
        int col(String name) {
            return header.indexOf(name);
        }

        double v(String[] row, String name) {
            int c = col(name);
            return c < 0 || c >= row.length || row[c].isEmpty() ? Double.NaN : Double.parseDouble(row[c]);
        }

        double t(String[] row) {
            return v(row, "t_s");
        }

        /** mean, max, first, last of a column over the rows the filter keeps (NaN when none). */
        double[] stats(String column, Predicate<String[]> keep) {
            double sum = 0;
            double max = Double.NaN;
            double first = Double.NaN;
            double last = Double.NaN;
            int n = 0;
            for (String[] r : rows) {
                double x = v(r, column);
                if (!keep.test(r) || Double.isNaN(x)) {
                    continue;
                }
                sum += x;
                n++;
                max = Double.isNaN(max) ? x : Math.max(max, x);
                if (Double.isNaN(first)) {
                    first = x;
                }
                last = x;
            }
            return new double[] {n == 0 ? Double.NaN : sum / n, max, first, last};
        }
    }

    static Series read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String[]> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            rows.add(l.split(",", -1));
        }
        return new Series(List.of(lines.get(0).split(",", -1)), rows);
    }

    static int backlog(Path dir) throws IOException {
        Properties p = load(dir.resolve("backlog.properties"));
        Series s = read(dir.resolve("backlog.csv"));
        String dest = p.getProperty("outage_path", "crm");
        double from = num(p, "outage_from_s");
        double to = from + num(p, "outage_for_s");
        double loadEnd = num(p, "warmup_s") + num(p, "measure_s");
        String lag = s.col("lag." + dest) >= 0 ? "lag." + dest : "waiting_gauge." + dest;
        // a row covers (t - interval, t]: "before" = the second half of the warm-up (the first is JIT and growth)
        double interval = s.rows.size() > 1 ? s.t(s.rows.get(1)) - s.t(s.rows.get(0)) : 5;
        Predicate<String[]> before = r -> s.t(r) > from / 2 && s.t(r) <= from;
        Predicate<String[]> during = r -> s.t(r) > from + interval && s.t(r) <= to;
        Predicate<String[]> after = r -> s.t(r) > to && s.t(r) <= loadEnd;
        Predicate<String[]> drain = r -> s.t(r) > loadEnd;

        System.out.printf(Locale.ROOT, "Backlog: open loop at %.0f/s for %.0f s (warm-up %.0f s); /%s answered %s from"
                        + " t=%.0f s to t=%.0f s (%.0f s); samples every %.0f s (backlog.csv, backlog.png)%n",
                num(p, "rate"), loadEnd, num(p, "warmup_s"), dest, p.getProperty("fail_status", "503"), from, to,
                to - from, interval);
        System.out.printf("ingest: 202s %s of %s sent in the measurement window (%s/s), ack p50 %s ms p99 %s ms%n",
                p.getProperty("accepted"), p.getProperty("sent"), p.getProperty("throughput"),
                p.getProperty("p50_ms"), p.getProperty("p99_ms"));
        System.out.println();
        String fmt = "%-34s %16s %16s %16s %16s%n";
        System.out.printf(fmt, "gateway (mean / max)", "before outage", "during outage", "after, under load",
                "after the load");
        System.out.println("-".repeat(34 + 4 * 17));
        List<String> cols = new ArrayList<>(List.of("heap_used_mb", "heap_live_mb", "heap_committed_mb", "rss_mb", "cpu_pct",
                "ack_per_s", "deliveries_per_s"));
        for (String h : s.header) {
            if (h.startsWith("deliveries_per_s.") || h.startsWith("lag.") || h.startsWith("waiting_gauge.")
                    || h.startsWith("refused_per_s.")) {
                cols.add(h);
            }
        }
        for (String c : cols) {
            if (s.col(c) < 0) {
                continue;
            }
            System.out.printf(fmt, c, mm(s.stats(c, before)), mm(s.stats(c, during)), mm(s.stats(c, after)),
                    mm(s.stats(c, drain)));
        }
        double[] rssDuring = s.stats("rss_mb", during);
        double[] heapBefore = s.stats("heap_used_mb", before);
        double[] heapDuring = s.stats("heap_used_mb", during);
        System.out.println();
        System.out.printf(Locale.ROOT, "RSS over the outage: %s MB at its start, %s MB at its end (%s MB);"
                        + " heap used (sampled, GC sawtooth): mean %s MB before, %s MB during (max %s MB before,"
                        + " %s MB during)%n", f0(rssDuring[2]), f0(rssDuring[3]), f0(rssDuring[3] - rssDuring[2]),
                f0(heapBefore[0]), f0(heapDuring[0]), f0(heapBefore[1]), f0(heapDuring[1]));
        double[] liveBefore = s.stats("heap_live_mb", before);
        double[] liveDuring = s.stats("heap_live_mb", during);
        double[] liveAfter = s.stats("heap_live_mb", r -> s.t(r) > to);
        System.out.printf(Locale.ROOT, "heap live after the last major/mixed GC (jvm_gc_live_data_size_bytes): %s MB"
                        + " before, %s MB at the outage's start, %s MB at its end, max %s MB after%n",
                f0(liveBefore[3]), f0(liveDuring[2]), f0(liveDuring[3]), f0(liveAfter[1]));

        // the backlog: its peak, the first delivery after the outage, when it was back to its pre-outage level
        double peak = 0;
        double peakAt = Double.NaN;
        for (String[] r : s.rows) {
            double x = s.v(r, lag);
            if (!Double.isNaN(x) && x > peak) {
                peak = x;
                peakAt = s.t(r);
            }
        }
        double normal = s.stats(lag, before)[1];
        double threshold = Math.max(100, 2 * (Double.isNaN(normal) ? 0 : normal));
        double drainedAt = Double.NaN;
        for (String[] r : s.rows) {
            double x = s.v(r, lag);
            if (s.t(r) > to && !Double.isNaN(x) && x <= threshold) {
                drainedAt = s.t(r);
                break;
            }
        }
        double firstAfter = num(p, "outage_first_delivery_after_s");
        System.out.printf(Locale.ROOT, "%s backlog (%s): %.0f before the outage (max), peak %.0f events at t=%.0f s%n",
                dest, lag, Double.isNaN(normal) ? 0 : normal, peak, peakAt);
        System.out.printf(Locale.ROOT, "recovery: first delivery to %s %s s after the outage ended (circuit breaker"
                        + " open wait %s, plus the retry backoff of each partition's waiting record)%n", dest,
                Double.isNaN(firstAfter) ? "never" : String.format(Locale.ROOT, "%.1f", firstAfter),
                p.getProperty("breaker_open_wait", "30 s by default"));
        if (Double.isNaN(drainedAt)) {
            double[] last = s.stats(lag, r -> true);
            System.out.printf(Locale.ROOT, "drain: NOT drained by the end of the run (backlog %.0f at the last sample)%n",
                    last[3]);
        } else {
            double resumed = Double.isNaN(firstAfter) ? to : to + firstAfter;
            double delivered = 0;
            String d = "deliveries_per_s." + dest;
            for (String[] r : s.rows) {
                double t = s.t(r);
                double x = s.v(r, d);
                if (t > to && t <= drainedAt && !Double.isNaN(x)) {
                    delivered += x * interval;
                }
            }
            double took = drainedAt - to;
            System.out.printf(Locale.ROOT, "drain: backlog at or below %.0f (twice its pre-outage maximum, at least 100)"
                            + " at t=%.0f s, %.0f s after the outage ended (sample resolution %.0f s)%n", threshold,
                    drainedAt, took, interval);
            System.out.printf(Locale.ROOT, "drain rate: %.0f deliveries/s to %s from its first delivery to drained"
                            + " (%.0f deliveries in %.0f s, new events included); the backlog fell by %.0f events/s from its"
                            + " peak to drained%n", delivered / Math.max(1e-9, drainedAt - resumed), dest,
                    delivered, drainedAt - resumed, peak / Math.max(1e-9, drainedAt - peakAt));
        }
        System.out.printf("delivery: %s deliveries %s, duplicates %s, acknowledged events never delivered %s of %s%n",
                p.getProperty("deliveries"), perDestination(p), p.getProperty("delivery_duplicates"),
                p.getProperty("acked_undelivered"), p.getProperty("acked_total_tokens"));
        boolean ok = "0".equals(p.getProperty("acked_undelivered"));
        if (!ok) {
            System.out.println("FAIL: acknowledged events were never delivered");
        }
        return ok ? 0 : 2;
    }

    private static String perDestination(Properties p) {
        StringBuilder b = new StringBuilder("{");
        for (String d : p.getProperty("destinations_seen", "").split(",")) {
            if (!d.isEmpty()) {
                b.append(b.length() > 1 ? ", " : "").append(d).append('=').append(p.getProperty("deliveries." + d));
            }
        }
        return b.append('}').toString();
    }

    private static String f0(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String mm(double[] s) {
        return Double.isNaN(s[0]) ? "-" : String.format(Locale.ROOT, "%.0f / %.0f", s[0], s[1]);
    }
}
