package io.hooklane.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.hooklane.kafka.SharedProducerClientFactory.OpenProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The last part of the start-up warm-up: the ingest producer at full rate. The warm-up over HTTP sends its records
 * at the rate its loopback client reaches (about 2,000 to 2,500/s on 2 cores), where the producer's sender drains one
 * small batch at a time; under real load it drains many full ones, and the JIT compiled those paths (batches drained
 * per node, records written into them, produce requests built) only after readiness, while the first real webhooks
 * waited. Here the shared producer sends {@code records} copies of real CloudEvents (every source's synthetic
 * webhooks, verified and normalised as {@link IngestWarmup} does) to the warm-up topic, acks=all as always, with at
 * most {@code inFlight} unacknowledged, as fast as it and the broker go. Nothing reads the warm-up topic; no id is
 * claimed or recorded, no metric counts them.
 */
final class ProducerWarmup {

    /** What a run did; {@code firstFailure} is null when every record was acknowledged. */
    record Result(int sent, int acknowledged, String firstFailure, Duration took) {
    }

    private final List<OpenProducer> producers;
    private final String topic;
    private final List<AcceptedEvent> events;
    private final int records;
    private final int inFlight;

    /**
     * @param events what each record copies, in turn (its key, CloudEvent and attribute headers)
     * @param records how many records in all, over every producer
     * @param inFlight the most records sent and not yet acknowledged
     */
    ProducerWarmup(List<OpenProducer> producers, String topic, List<AcceptedEvent> events, int records, int inFlight) {
        this.producers = List.copyOf(producers);
        this.topic = topic;
        this.events = List.copyOf(events);
        this.records = records;
        this.inFlight = Math.max(1, inFlight);
    }

    /**
     * Runs until every record is acknowledged, one fails (the rest in flight are not waited for), or {@code deadline}
     * (System.nanoTime) passes.
     */
    Result run(long deadline) {
        long started = System.nanoTime();
        if (producers.isEmpty() || events.isEmpty() || records <= 0) {
            return new Result(0, 0, null, Duration.ZERO);
        }
        Semaphore permits = new Semaphore(inFlight);
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        List<List<ProducerRecord<Object, Object>>> perProducer = new ArrayList<>();
        producers.forEach(producer -> perProducer.add(templates(producer)));
        // every partition in turn, as real subjects spread over them (the samples' few subjects would not)
        int[] partitions;
        try {
            partitions = producers.stream().mapToInt(p -> Math.max(1, p.producer().partitionsFor(topic).size()))
                    .toArray();
        } catch (RuntimeException e) {
            return new Result(0, 0, e.toString(), Duration.ofNanos(System.nanoTime() - started));
        }
        int sent = 0;
        try {
            while (sent < records && firstFailure.get() == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !permits.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                    break;
                }
                int which = sent % producers.size();
                int turn = sent / producers.size();
                List<ProducerRecord<Object, Object>> templates = perProducer.get(which);
                ProducerRecord<Object, Object> template = templates.get(turn % templates.size());
                // a record's headers become read-only once sent: each send gets its own
                ProducerRecord<Object, Object> record = new ProducerRecord<>(topic, turn % partitions[which],
                        template.key(), template.value(), new RecordHeaders(template.headers().toArray()));
                try {
                    producers.get(which).producer().send(record, (metadata, error) -> {
                        if (error == null) {
                            acknowledged.incrementAndGet();
                        } else {
                            firstFailure.compareAndSet(null, error.toString());
                        }
                        permits.release();
                    });
                } catch (RuntimeException e) {
                    // a serializer that takes neither form, a closed producer, the buffer full beyond max.block.ms
                    firstFailure.compareAndSet(null, e.toString());
                    permits.release();
                    break;
                }
                sent++;
            }
            long left = deadline - System.nanoTime();
            if (left > 0 && firstFailure.get() == null) {
                // the records still in flight: their acknowledgements are part of the path to warm up
                if (permits.tryAcquire(inFlight, left, TimeUnit.NANOSECONDS)) {
                    permits.release(inFlight);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Result(sent, acknowledged.get(), firstFailure.get(), Duration.ofNanos(System.nanoTime() - started));
    }

    /** The records one producer sends, each event in the form its serializers take (bytes, else text). */
    private List<ProducerRecord<Object, Object>> templates(OpenProducer producer) {
        boolean byteKeys = ByteArraySerializer.class.getName().equals(producer.keySerializer());
        boolean byteValues = ByteArraySerializer.class.getName().equals(producer.valueSerializer());
        List<ProducerRecord<Object, Object>> templates = new ArrayList<>();
        for (AcceptedEvent event : events) {
            RecordHeaders headers = new RecordHeaders();
            event.envelope().writeTo(headers);
            Object key = event.key() == null || !byteKeys ? event.key() : event.key().getBytes(StandardCharsets.UTF_8);
            Object value = byteValues ? event.cloudEvent() : new String(event.cloudEvent(), StandardCharsets.UTF_8);
            templates.add(new ProducerRecord<>(topic, null, key, value, headers));
        }
        return templates;
    }
}
