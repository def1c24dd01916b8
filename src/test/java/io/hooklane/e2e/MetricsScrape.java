package io.hooklane.e2e;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of a gateway's {@code /observe/metrics}, in the Prometheus text format. */
public final class MetricsScrape {

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+).*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** A sample: metric name, labels, value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final java.util.List<Sample> samples;

    private MetricsScrape(java.util.List<Sample> samples) {
        this.samples = samples;
    }

    public static MetricsScrape of(TestGateway gateway) {
        HttpResponse<String> response = gateway.send(gateway.request("/observe/metrics").GET().build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/observe/metrics answered " + response.statusCode());
        }
        return parse(response.body());
    }

    public static MetricsScrape parse(String text) {
        java.util.List<Sample> samples = new java.util.ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
        return new MetricsScrape(samples);
    }

    /** The samples of {@code name}, e.g. every {@code le} bucket of a histogram. */
    public java.util.List<Sample> samples(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.forEach(s -> names.add(s.name()));
        return names;
    }

    /** The sum of the samples of {@code name} whose labels include {@code labels} (pairs); 0 when none. */
    public double value(String name, String... labels) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        return samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> wanted.entrySet().stream().allMatch(e -> e.getValue().equals(s.labels().get(e.getKey()))))
                .mapToDouble(Sample::value).sum();
    }

    /**
     * Gauges of the concurrent delivery engine (calls in flight, parked subjects, age of the oldest waiting event)
     * that the dashboard already charts: the dashboard checks skip them until the engine serves them.
     */
    public static final Set<String> ENGINE_GAUGES = Set.of("hooklane_destination_in_flight",
            "hooklane_destination_parked_subjects", "hooklane_destination_oldest_waiting_seconds");

    public static double scrape(TestGateway gateway, String name, String... labels) {
        return of(gateway).value(name, labels);
    }
}
