package io.hooklane.a2a;

import java.util.Locale;

/**
 * A task's lifecycle state (A2A 1.0 §4.1.3 TaskState), read from either spelling: {@code TASK_STATE_INPUT_REQUIRED}
 * (1.0, the proto enum's JSON name) or {@code input-required} (0.3).
 */
enum TaskState {
    SUBMITTED, WORKING, COMPLETED, FAILED, CANCELED, INPUT_REQUIRED, REJECTED, AUTH_REQUIRED, UNKNOWN;

    static TaskState parse(String text) {
        if (text == null || text.isBlank()) {
            return UNKNOWN;
        }
        String name = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (name.startsWith("TASK_STATE_")) {
            name = name.substring("TASK_STATE_".length());
        }
        if (name.equals("CANCELLED")) {
            name = "CANCELED";
        }
        try {
            return valueOf(name);
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    /**
     * Terminal (completed, failed, canceled, rejected) or interrupted (input-required, auth-required): the agent
     * will not go on without the client, so the task's answer is ready to be fetched.
     */
    boolean settled() {
        return this != SUBMITTED && this != WORKING && this != UNKNOWN;
    }
}
