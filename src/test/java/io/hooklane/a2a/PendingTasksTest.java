package io.hooklane.a2a;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens per task, checked before a push counts; a cap on waiting tasks; tokens gone with their task. */
class PendingTasksTest {

    private static final TaskReader.Notice COMPLETED = new TaskReader.Notice("task-1", TaskState.COMPLETED);

    @Test
    void each_task_gets_its_own_random_token_and_only_that_token_wakes_it() {
        PendingTasks pending = new PendingTasks(10);
        PendingTasks.Waiter one = pending.register("msg_1");
        PendingTasks.Waiter two = pending.register("msg_2");
        one.taskId("task-1");

        assertThat(one.token()).isNotEqualTo(two.token()).hasSize(43);
        assertThat(pending.push("msg_1", two.token(), COMPLETED)).isEqualTo(PendingTasks.Check.INVALID_TOKEN);
        assertThat(pending.push("msg_1", " ", COMPLETED)).isEqualTo(PendingTasks.Check.MISSING_TOKEN);
        assertThat(one.after(0)).isNotDone();
        assertThat(pending.push("msg_1", one.token(), COMPLETED)).isEqualTo(PendingTasks.Check.ACCEPTED);
        assertThat(one.after(0)).isDone();
    }

    @Test
    void a_push_about_a_working_task_is_accepted_without_waking_it_and_one_about_another_task_is_refused() {
        PendingTasks pending = new PendingTasks(10);
        PendingTasks.Waiter waiter = pending.register("msg_1");
        waiter.taskId("task-1");

        assertThat(pending.push("msg_1", waiter.token(), new TaskReader.Notice("task-1", TaskState.WORKING)))
                .isEqualTo(PendingTasks.Check.ACCEPTED);
        assertThat(waiter.after(0)).isNotDone();
        assertThat(pending.push("msg_1", waiter.token(), new TaskReader.Notice("task-9", TaskState.COMPLETED)))
                .isEqualTo(PendingTasks.Check.UNKNOWN_TASK);
        assertThat(waiter.wakes()).isZero();
    }

    @Test
    void a_push_while_the_delivery_is_busy_is_not_lost() {
        PendingTasks pending = new PendingTasks(10);
        PendingTasks.Waiter waiter = pending.register("msg_1");
        java.util.concurrent.CompletableFuture<Void> first = waiter.after(0);
        pending.push("msg_1", waiter.token(), COMPLETED);
        long seen = waiter.wakes();
        // the delivery fetches the task; meanwhile another push comes
        pending.push("msg_1", waiter.token(), COMPLETED);

        assertThat(first).isDone();
        assertThat(waiter.after(seen)).isDone();
        assertThat(waiter.after(waiter.wakes())).isNotDone();
    }

    @Test
    void waiting_tasks_are_capped_and_a_forgotten_task_frees_its_place_and_its_token() {
        PendingTasks pending = new PendingTasks(2);
        PendingTasks.Waiter one = pending.register("msg_1");
        pending.register("msg_2");

        assertThat(pending.register("msg_3")).isNull();
        pending.forget(one);
        assertThat(pending.size()).isEqualTo(1);
        assertThat(pending.push("msg_1", one.token(), COMPLETED)).isEqualTo(PendingTasks.Check.UNKNOWN_TASK);
        assertThat(pending.register("msg_3")).isNotNull();
    }
}
