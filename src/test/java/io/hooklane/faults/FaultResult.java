package io.hooklane.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one scenario did, on one line: sent, acknowledged, refused, connection errors, delivered, duplicates, lost,
 * then the scenario's own facts. {@link #print()} writes it to stdout and appends it to {@value #REPORT}.
 */
public record FaultResult(String scenario, long sent, long acked, Map<String, Long> refused, long refusedCount,
                          long errors, Deliveries deliveries, Map<String, String> facts) {

    public static final String REPORT = "target/faults/report.txt";

    public static FaultResult of(String scenario, Ledger ledger, Deliveries deliveries, Map<String, String> facts) {
        return new FaultResult(scenario, ledger.sentCount(), ledger.ackCount(), ledger.refused(),
                ledger.refusedCount(), ledger.errorCount(), deliveries, new LinkedHashMap<>(facts));
    }

    public long lost() {
        return deliveries.lost().size();
    }

    public String line() {
        String refusals = refused.isEmpty() ? "" : refused.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ", " (", ")"));
        String due = deliveries.due() == acked ? "" : " (" + deliveries.due() + " deliveries due)";
        StringBuilder line = new StringBuilder(String.format(
                "scenario %s: sent %d, acked %d%s, refused %d%s, errors %d, delivered %d distinct / %d deliveries, "
                        + "duplicates %d, lost %d",
                scenario, sent, acked, due, refusedCount, refusals, errors, deliveries.distinct(),
                deliveries.deliveries(), deliveries.duplicates(), lost()));
        if (deliveries.unacknowledged() > 0) {
            line.append(", delivered without a 202 ").append(deliveries.unacknowledged());
        }
        facts.forEach((name, value) -> line.append("; ").append(name).append(' ').append(value));
        return line.toString();
    }

    public FaultResult print() {
        String line = line();
        System.out.println(line);
        append(line);
        return this;
    }

    static void append(String line) {
        try {
            Path report = Path.of(REPORT);
            Files.createDirectories(report.getParent());
            Files.writeString(report, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
