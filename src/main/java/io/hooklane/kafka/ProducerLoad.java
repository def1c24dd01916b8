package io.hooklane.kafka;

import java.util.Collection;
import java.util.Map;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * How full a Kafka producer's requests are, from the producer's own metrics (its last 30 s or so): requests a second,
 * records per produce request, and how long a record waits in its batch. Several producers count as one: their rates
 * add up and the averages are weighted by requests and records.
 *
 * @param requestsPerSecond requests a second (produce requests, and the rare metadata and other requests)
 * @param recordsPerRequest records in one produce request on average (0 without requests)
 * @param queueSeconds      how long a record waited in its batch before its request was sent, on average
 */
public record ProducerLoad(double requestsPerSecond, double recordsPerRequest, double queueSeconds) {

    private static final String GROUP = "producer-metrics";

    public static ProducerLoad of(Collection<? extends Map<MetricName, ? extends Metric>> producers) {
        double requests = 0;
        double recordsTimesRequests = 0;
        double records = 0;
        double queueMillisTimesRecords = 0;
        for (Map<MetricName, ? extends Metric> metrics : producers) {
            double producerRequests = value(metrics, "request-rate");
            double producerRecords = value(metrics, "record-send-rate");
            requests += producerRequests;
            recordsTimesRequests += value(metrics, "records-per-request-avg") * producerRequests;
            records += producerRecords;
            queueMillisTimesRecords += value(metrics, "record-queue-time-avg") * producerRecords;
        }
        return new ProducerLoad(requests, requests > 0 ? recordsTimesRequests / requests : 0,
                records > 0 ? queueMillisTimesRecords / records / 1000 : 0);
    }

    /** The producer-wide metric's value; 0 when absent or not a number yet (an average of no samples is NaN). */
    private static double value(Map<MetricName, ? extends Metric> metrics, String name) {
        for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
            MetricName metric = entry.getKey();
            if (metric.name().equals(name) && metric.group().equals(GROUP)) {
                Object value = entry.getValue().metricValue();
                return value instanceof Number number && Double.isFinite(number.doubleValue()) ? number.doubleValue() : 0;
            }
        }
        return 0;
    }
}
