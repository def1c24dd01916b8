package io.hooklane.deliver;

import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where a destination's answer given in a callback goes ({@code completion: callback} with {@code replies: true}):
 * the callback's {@code output} becomes an {@code agent.response.<outcome>} event, as an answer given in the call
 * itself does. The delivery counts as done (or is dead-lettered) only once the write completed.
 */
@FunctionalInterface
public interface CallbackAnswers {

    /**
     * @param record    the delivery record the destination answered
     * @param webhookId the delivery's stable id
     * @param outcome   {@code completed} or {@code rejected}
     * @param output    the callback's {@code output} JSON
     * @param reason    the callback's {@code reason}, or null
     * @return completes once the event is durable (or was not written by design, e.g. at the hop limit);
     *         completes exceptionally when the write failed
     */
    CompletableFuture<?> write(ConsumerRecord<byte[], byte[]> record, String webhookId, String outcome, byte[] output,
                               String reason);
}
