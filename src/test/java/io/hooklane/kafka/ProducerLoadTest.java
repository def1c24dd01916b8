package io.hooklane.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProducerLoadTest {

    /** A producer's metrics as Kafka names them (group producer-metrics), with a node-level decoy of the same name. */
    private static Map<MetricName, Metric> producer(double requestRate, double recordsPerRequest, double recordRate,
                                                    double queueMillis) {
        Map<MetricName, Metric> metrics = new HashMap<>();
        put(metrics, "producer-metrics", "request-rate", requestRate);
        put(metrics, "producer-node-metrics", "request-rate", 9_999);
        put(metrics, "producer-metrics", "records-per-request-avg", recordsPerRequest);
        put(metrics, "producer-metrics", "record-send-rate", recordRate);
        put(metrics, "producer-metrics", "record-queue-time-avg", queueMillis);
        return metrics;
    }

    private static void put(Map<MetricName, Metric> metrics, String group, String name, double value) {
        MetricName metricName = new MetricName(name, group, "", Map.of("client-id", "p"));
        metrics.put(metricName, new Metric() {
            @Override
            public MetricName metricName() {
                return metricName;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        });
    }

    @Test
    void reads_one_producers_request_rate_records_per_request_and_queue_time() {
        ProducerLoad load = ProducerLoad.of(List.of(producer(174, 28.8, 5_000, 4.3)));

        assertThat(load.requestsPerSecond()).isEqualTo(174);
        assertThat(load.recordsPerRequest()).isEqualTo(28.8);
        assertThat(load.queueSeconds()).isCloseTo(0.0043, within(1e-9));
    }

    @Test
    void adds_up_the_rates_of_several_producers_and_weights_their_averages() {
        ProducerLoad load = ProducerLoad.of(List.of(producer(100, 10, 1_000, 2), producer(300, 30, 9_000, 6)));

        assertThat(load.requestsPerSecond()).isEqualTo(400);
        // (10 * 100 + 30 * 300) / 400 requests
        assertThat(load.recordsPerRequest()).isEqualTo(25);
        // (2 ms * 1,000 + 6 ms * 9,000) / 10,000 records
        assertThat(load.queueSeconds()).isCloseTo(0.0056, within(1e-9));
    }

    @Test
    void an_idle_or_missing_producer_reads_as_zero_not_as_nan() {
        assertThat(ProducerLoad.of(List.of(producer(0, Double.NaN, 0, Double.NaN))))
                .isEqualTo(new ProducerLoad(0, 0, 0));
        assertThat(ProducerLoad.of(List.of(Map.of()))).isEqualTo(new ProducerLoad(0, 0, 0));
        assertThat(ProducerLoad.of(List.of())).isEqualTo(new ProducerLoad(0, 0, 0));
    }
}
