package io.hooklane.e2e;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Holds the dedup index's reader at its first records until {@link #release()}: a catch-up that cannot end before
 * the test says so. Given to a gateway as {@code hooklane.ingest.dedup-consumer.interceptor.classes}.
 */
public final class HeldDedupReader<K, V> implements ConsumerInterceptor<K, V> {

    private static volatile CountDownLatch released = new CountDownLatch(1);
    private static volatile CountDownLatch holding = new CountDownLatch(1);
    private static final AtomicLong SEEN = new AtomicLong();

    /** Holds the next reader (call before starting its gateway). */
    static void hold() {
        released = new CountDownLatch(1);
        holding = new CountDownLatch(1);
    }

    static boolean awaitHolding() throws InterruptedException {
        return holding.await(60, TimeUnit.SECONDS);
    }

    static void release() {
        released.countDown();
    }

    /** Starts counting the ids records readers are given afresh. */
    static void resetSeen() {
        SEEN.set(0);
    }

    /** How many ids records readers were given since {@link #resetSeen()} (counted before the reader applies them). */
    static long seen() {
        return SEEN.get();
    }

    @Override
    public ConsumerRecords<K, V> onConsume(ConsumerRecords<K, V> records) {
        SEEN.addAndGet(records.count());
        holding.countDown();
        try {
            // bounded: a test that fails before releasing does not hang the gateway's shutdown forever
            released.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
