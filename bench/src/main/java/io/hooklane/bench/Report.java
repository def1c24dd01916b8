package io.hooklane.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Prints the side-by-side table of one run from the result files LoadGen wrote ({@code L<n>-T<n>-<target>-<load>
 * .properties}, sorted so that the targets of one load are adjacent), and the durability check from
 * {@code records-<target>.txt} (the number of records on that target's topic after the run).
 *
 * <pre>java -cp ... io.hooklane.bench.Report RESULTS_DIR</pre>
 * Exit status 2 when a target acknowledged more requests (202) than there are records on its topic.
 */
public final class Report {

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().matches("L\\d+-T\\d+-.*\\.properties")).sorted().toList();
        }
        String header = String.format("%-16s %-10s %9s %9s %6s %6s %8s %8s %8s %8s %9s %7s %6s %6s",
                "load", "target", "sent", "202", "other", "errors", "req/s", "p50 ms", "p99 ms", "p99.9 ms",
                "srvCPU/1k", "srv MB", "gen s", "other");
        System.out.println(header);
        System.out.println("-".repeat(header.length()));
        Map<String, Long> acceptedByTarget = new LinkedHashMap<>();
        Map<String, Long> sentByTarget = new LinkedHashMap<>();
        String lastLoad = null;
        List<String> notes = new ArrayList<>();
        List<String> endToEnd = new ArrayList<>();
        boolean delivered = true;
        for (Path f : files) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(f)) {
                p.load(r);
            }
            String target = p.getProperty("target");
            String load = p.getProperty("mode").equals("closed") ? "closed c=" + p.getProperty("connections")
                    : "open " + (long) Double.parseDouble(p.getProperty("rate")) + "/s";
            if (lastLoad != null && !lastLoad.equals(load)) {
                System.out.println();
            }
            lastLoad = load;
            System.out.println(String.format("%-16s %-10s %9s %9s %6s %6s %8s %8s %8s %8s %9s %7s %6s %6s",
                    load, target, p.getProperty("sent"), p.getProperty("accepted"), p.getProperty("other"),
                    p.getProperty("errors"), p.getProperty("throughput"), p.getProperty("p50_ms"),
                    p.getProperty("p99_ms"), p.getProperty("p999_ms"), p.getProperty("server_cpu_per_1000"),
                    p.getProperty("server_rss_mb"), p.getProperty("loadgen_cpu_s"), p.getProperty("other_cpu_s")));
            acceptedByTarget.merge(target, Long.parseLong(p.getProperty("accepted_total")), Long::sum);
            sentByTarget.merge(target, Long.parseLong(p.getProperty("sent_total")), Long::sum);
            if (!"0".equals(p.getProperty("other")) || !"0".equals(p.getProperty("errors"))) {
                notes.add(target + " " + load + ": other statuses " + p.getProperty("other_statuses") + ", errors "
                        + p.getProperty("error_kinds"));
            }
            if (!"0".equals(p.getProperty("skipped", "0"))) {
                notes.add(target + " " + load + ": " + p.getProperty("skipped")
                        + " requests not sent (load generator over its in-flight limit): the target fell behind");
            }
            double otherCpu = Double.parseDouble(p.getProperty("other_cpu_s", "0"));
            double available = Double.parseDouble(p.getProperty("measure_s")) * Integer.parseInt(p.getProperty("cores", "1"));
            if (otherCpu > 0.1 * available) {
                notes.add(String.format("%s %s: other processes used %.0f%% of the machine's CPU during the measurement:"
                        + " this row understates what the target can do", target, load, 100 * otherCpu / available));
            }
            if (p.getProperty("e2e_count") != null) {
                endToEnd.add(String.format("%-16s %-10s %9s %8s %8s %8s %8s %10s %6s %11s", load, target,
                        p.getProperty("e2e_count"), p.getProperty("e2e_p50_ms"), p.getProperty("e2e_p99_ms"),
                        p.getProperty("e2e_p999_ms"), p.getProperty("e2e_max_ms"), p.getProperty("deliveries"),
                        p.getProperty("delivery_duplicates"), p.getProperty("acked_undelivered")));
                delivered &= "0".equals(p.getProperty("acked_undelivered"));
            }
            if (!"true".equals(p.getProperty("finished"))) {
                notes.add(target + " " + load + ": some requests were still in flight when the generator stopped");
            }
        }
        notes.forEach(n -> System.out.println("note: " + n));
        if (!endToEnd.isEmpty()) {
            System.out.println();
            System.out.println("End to end (sender's POST -> first delivery of the event at each destination, requests of the"
                    + " measurement window; deliveries, duplicates and undelivered: whole run incl. warm-up and drain)");
            String h = String.format("%-16s %-10s %9s %8s %8s %8s %8s %10s %6s %11s", "load", "target", "measured",
                    "p50 ms", "p99 ms", "p99.9 ms", "max ms", "deliveries", "dups", "undelivered");
            System.out.println(h);
            System.out.println("-".repeat(h.length()));
            endToEnd.forEach(System.out::println);
            if (!delivered) {
                System.out.println("FAIL: acknowledged events were never delivered (undelivered > 0)");
            }
        }

        System.out.println();
        System.out.println("Durability (whole run, warm-up included): every 202 must be matched by a record on the topic");
        boolean ok = true;
        for (Map.Entry<String, Long> e : acceptedByTarget.entrySet()) {
            Path records = dir.resolve("records-" + e.getKey() + ".txt");
            if (!Files.exists(records)) {
                continue;
            }
            String text = Files.readString(records).trim();
            long count;
            try {
                count = Long.parseLong(text);
            } catch (NumberFormatException ex) {
                System.out.printf("  %-10s 202s %d, records: could not count (%s)%n", e.getKey(), e.getValue(), text);
                ok = false;
                continue;
            }
            long accepted = e.getValue();
            String verdict = count >= accepted
                    ? "OK (" + (count - accepted) + " records without a 202 seen by the client: sends that did not"
                            + " get a 202 in time, or duplicates)"
                    : "FAIL: " + (accepted - count) + " acknowledged requests have no record";
            System.out.printf("  %-10s requests sent %d, 202s %d, records on topic %d: %s%n", e.getKey(),
                    sentByTarget.get(e.getKey()), accepted, count, verdict);
            ok &= count >= accepted;
        }
        System.exit(ok && delivered ? 0 : 2);
    }
}
