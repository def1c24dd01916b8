package io.hooklane.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The protocols scenario's table: per protocol the end-to-end latency from the webhook's intended send time to the
 * agent receiving the call and to the answer event reaching the CRM, deliveries per second, and every protocol's
 * difference to {@code http} (the latency one agent call adds over a plain http delivery).
 *
 * <pre>java -cp ... io.hooklane.bench.ProtocolReport RESULTS_DIR http mcp a2a ...</pre>
 * reads {@code protocols-<protocol>.properties}; exit status 2 when an acknowledged event had not reached the agent,
 * or its answer the CRM, when the drain ended.
 */
public final class ProtocolReport {

    private static final String[] PERCENTILES = {"p50", "p90", "p99", "max"};

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: ProtocolReport RESULTS_DIR PROTOCOL...");
            System.exit(64);
        }
        Path dir = Path.of(args[0]);
        Map<String, Properties> runs = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            Path file = dir.resolve("protocols-" + args[i] + ".properties");
            if (!Files.isRegularFile(file)) {
                System.out.printf("%s: no result (%s missing)%n", args[i], file.getFileName());
                continue;
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            runs.put(args[i], p);
        }
        System.exit(print(runs));
    }

    static int print(Map<String, Properties> runs) {
        System.out.println("End to end, events of the measurement window, from the webhook's intended send time (open"
                + " loop) to: the agent");
        System.out.println("receiving the call (\"agent\"), and the agent's answer, as agent.response.completed"
                + " routed to the CRM, reaching it (\"answer at CRM\").");
        System.out.println("calls/s, answers/s = arrivals at the agent, at the CRM during the window; CPU ms/ev ="
                + " gateway CPU per acknowledged event;");
        System.out.println("missing = acknowledged events (whole run) that had not reached the agent / whose answer"
                + " had not reached the CRM when the drain ended.");
        System.out.println();
        String head = String.format("%-14s %6s %8s | %-31s | %9s | %-31s | %7s | %9s | %7s",
                "protocol", "202/s", "calls/s", "agent ms  p50 / p90 / p99 / max", "answers/s",
                "answer at CRM ms  p50/p90/p99/max", "missing", "CPU ms/ev", "other s");
        System.out.println(head);
        System.out.println("-".repeat(head.length()));
        int status = 0;
        for (Map.Entry<String, Properties> run : runs.entrySet()) {
            Properties p = run.getValue();
            String agent = p.getProperty("agent_destination", "support-agent");
            double seconds = num(p, "measure_s");
            long lostAgent = lost(p, agent);
            long lostCrm = lost(p, "crm");
            if (lostAgent != 0 || lostCrm != 0) {
                status = 2;
            }
            System.out.printf("%-14s %6s %8.1f | %-31s | %9.1f | %-31s | %7s | %9s | %7s%n", run.getKey(),
                    p.getProperty("throughput", "-"), num(p, "window_deliveries." + agent) / seconds,
                    percentiles(p, agent), num(p, "window_deliveries.crm") / seconds, percentiles(p, "crm"),
                    lostAgent + "/" + lostCrm, p.getProperty("server_cpu_per_1000", "-"),
                    p.getProperty("other_cpu_s", "-"));
        }
        Properties http = runs.get("http");
        if (http != null && runs.size() > 1) {
            System.out.println();
            System.out.println("What one agent call adds over a plain http delivery (difference of the percentiles,"
                    + " ms; the max is one event each and noisy):");
            for (Map.Entry<String, Properties> run : runs.entrySet()) {
                if (run.getKey().equals("http")) {
                    continue;
                }
                Properties p = run.getValue();
                String agent = p.getProperty("agent_destination", "support-agent");
                String httpAgent = http.getProperty("agent_destination", "support-agent");
                System.out.printf("%-14s %6s %8s | %-31s | %9s | %-31s |%n", run.getKey() + " - http", "", "",
                        differences(p, agent, http, httpAgent), "", differences(p, "crm", http, "crm"));
            }
        }
        List<String> notes = new ArrayList<>();
        for (Map.Entry<String, Properties> run : runs.entrySet()) {
            Properties p = run.getValue();
            if (!"true".equals(p.getProperty("drained"))) {
                notes.add(run.getKey() + ": the queues were not empty at the end of the drain");
            }
            long failures = (long) num(p, "agent_push_failures");
            if (failures > 0) {
                notes.add(run.getKey() + ": " + failures + " pushes to the gateway failed");
            }
            if (num(p, "errors") > 0 || num(p, "other") > 0) {
                notes.add(run.getKey() + ": webhooks answered with errors " + p.getProperty("error_kinds")
                        + " or other statuses " + p.getProperty("other_statuses"));
            }
            double available = num(p, "cores") * num(p, "measure_s");
            if (available > 0 && num(p, "other_cpu_s") > 0.1 * available) {
                notes.add(String.format("%s: other processes used %.0f of the machine's %.0f CPU-seconds in the window:"
                        + " the row measures the machine's load, not the protocol", run.getKey(),
                        num(p, "other_cpu_s"), available));
            }
            if (lost(p, p.getProperty("agent_destination", "support-agent")) != 0 || lost(p, "crm") != 0) {
                notes.add(run.getKey() + ": FAIL, acknowledged events missing at the end of the drain (see"
                        + " \"missing\")");
            }
        }
        if (!notes.isEmpty()) {
            System.out.println();
            notes.forEach(n -> System.out.println("note: " + n));
        }
        return status;
    }

    private static String percentiles(Properties p, String destination) {
        List<String> values = new ArrayList<>();
        for (String q : PERCENTILES) {
            values.add(p.getProperty("e2e." + destination + "." + q + "_ms", "-"));
        }
        return String.join(" / ", values);
    }

    private static String differences(Properties p, String destination, Properties base, String baseDestination) {
        List<String> values = new ArrayList<>();
        for (String q : PERCENTILES) {
            String a = p.getProperty("e2e." + destination + "." + q + "_ms");
            String b = base.getProperty("e2e." + baseDestination + "." + q + "_ms");
            values.add(a == null || b == null ? "-" : String.format("%+.2f", Double.parseDouble(a) - Double.parseDouble(b)));
        }
        return String.join(" / ", values);
    }

    /** Acknowledged events (whole run) that never reached {@code destination}. */
    private static long lost(Properties p, String destination) {
        String v = p.getProperty("acked_undelivered." + destination);
        return v != null ? Long.parseLong(v) : (long) num(p, "acked_total_tokens");
    }

    private static double num(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank() || v.equals("-")) {
            return 0;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
