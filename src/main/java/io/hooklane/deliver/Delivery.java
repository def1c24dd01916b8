package io.hooklane.deliver;

import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** One record being delivered: its subject, its retry history, and whether its partition was taken away. */
final class Delivery {

    final ConsumerRecord<byte[], byte[]> record;
    final TopicPartition partition;
    final SubjectKey subject;
    String webhookId;
    String eventId;
    int attempts;
    Instant firstAttempt;
    /** Its partition was revoked or the loop stopped: whatever comes back for it is ignored. */
    boolean abandoned;
    /**
     * With {@code completion: callback}, the wait of its latest attempt, asked for before the request left (a
     * destination may call back before its 202 is read here); null once that attempt was answered without a 202.
     */
    java.util.concurrent.CompletableFuture<CallbackWaiter.Reported> callback;

    Delivery(ConsumerRecord<byte[], byte[]> record, TopicPartition partition, SubjectKey subject) {
        this.record = record;
        this.partition = partition;
        this.subject = subject;
    }
}
