package io.hooklane.a2a;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Answers and pushes of both versions (1.0 §3.2.3 / §4.3.3 wrappers; 0.3 objects with kind). */
class TaskReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void reads_states_in_both_spellings() {
        assertThat(TaskState.parse("TASK_STATE_INPUT_REQUIRED")).isEqualTo(TaskState.INPUT_REQUIRED);
        assertThat(TaskState.parse("input-required")).isEqualTo(TaskState.INPUT_REQUIRED);
        assertThat(TaskState.parse("auth-required").settled()).isTrue();
        assertThat(TaskState.parse("TASK_STATE_WORKING").settled()).isFalse();
        assertThat(TaskState.parse("dreaming")).isEqualTo(TaskState.UNKNOWN);
    }

    @Test
    void reads_the_task_a_push_is_about_in_both_versions() throws Exception {
        assertThat(TaskReader.notice(JSON.readTree(
                "{\"statusUpdate\":{\"taskId\":\"t1\",\"status\":{\"state\":\"TASK_STATE_COMPLETED\"}}}")))
                .isEqualTo(new TaskReader.Notice("t1", TaskState.COMPLETED));
        assertThat(TaskReader.notice(JSON.readTree(
                "{\"task\":{\"id\":\"t1\",\"status\":{\"state\":\"TASK_STATE_FAILED\"}}}")))
                .isEqualTo(new TaskReader.Notice("t1", TaskState.FAILED));
        assertThat(TaskReader.notice(JSON.readTree(
                "{\"kind\":\"task\",\"id\":\"t1\",\"status\":{\"state\":\"rejected\"}}")))
                .isEqualTo(new TaskReader.Notice("t1", TaskState.REJECTED));
        assertThat(TaskReader.notice(JSON.readTree("{}"))).isEqualTo(new TaskReader.Notice(null, TaskState.UNKNOWN));
    }

    @Test
    void the_reply_keeps_text_and_data_parts_of_the_artifacts_and_the_status_message() throws Exception {
        TaskReader.Answer answer = TaskReader.answer(JSON.readTree("""
                {"task":{"id":"t1","contextId":"c1","status":{"state":"TASK_STATE_COMPLETED",
                  "message":{"role":"ROLE_AGENT","parts":[{"text":"done"}]}},
                 "artifacts":[{"artifactId":"a1","name":"decision","parts":[{"data":{"sku":12}},
                   {"url":"https://x/file.pdf"},{"text":"lower the price"}]}]}}"""));

        assertThat(TaskReader.reply(answer)).isEqualTo(JSON.readTree("""
                {"taskId":"t1","contextId":"c1","state":"completed",
                 "artifacts":[{"artifactId":"a1","name":"decision","parts":[{"data":{"sku":12}},{"text":"lower the price"}]}],
                 "message":{"parts":[{"text":"done"}]}}"""));
    }
}
