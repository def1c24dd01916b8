package io.hooklane.deliver;

import io.hooklane.kafka.Backlog;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * The threads that deliver a poll: the loop's own with its pool while the destination keeps up ({@code foreground}),
 * the background pool when the poll is behind ({@link Backlog}), so a backlog's deliveries yield the CPU to the HTTP
 * event loops.
 *
 * @param background null: every poll runs in the foreground (background priority is off)
 */
record DeliveryLanes(PartitionTasks foreground, PartitionTasks background, Backlog backlog) {

    /** Everything in the foreground. */
    static DeliveryLanes foregroundOnly(PartitionTasks foreground) {
        return new DeliveryLanes(foreground, null, null);
    }

    PartitionTasks forPoll(ConsumerRecords<?, ?> records) {
        return background == null || !backlog.behind(records) ? foreground : background;
    }
}
