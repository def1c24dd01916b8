package io.hooklane.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads the A2A objects Hooklane receives, in both versions: 1.0 wraps a {@code SendMessage} result and a push in a
 * one-field object ({@code {"task": ...}}, {@code {"message": ...}}, {@code {"statusUpdate": ...}}: §3.2.3
 * SendMessageResponse / StreamResponse, §4.3.3 push payload); 0.3 sends the object itself with a {@code kind}.
 */
final class TaskReader {

    private TaskReader() {
    }

    /** A task (its id and state) or a direct message, as a SendMessage or GetTask result. */
    record Answer(JsonNode task, JsonNode message) {
        boolean isTask() {
            return task != null;
        }

        String taskId() {
            return task.path("id").asText("");
        }

        TaskState state() {
            return TaskReader.state(task);
        }
    }

    /** What a push says: the task it is about (null when it does not say) and the state it reports. */
    record Notice(String taskId, TaskState state) {
    }

    static Answer answer(JsonNode result) {
        if (result.path("task").isObject()) {
            return new Answer(result.get("task"), null);
        }
        if (result.path("message").isObject()) {
            return new Answer(null, result.get("message"));
        }
        String kind = result.path("kind").asText("");
        if (kind.equals("task") || kind.isEmpty() && result.path("status").isObject() && result.hasNonNull("id")) {
            return new Answer(result, null);
        }
        if (kind.equals("message") || kind.isEmpty() && result.path("parts").isArray()) {
            return new Answer(null, result);
        }
        throw new JsonRpc.MalformedAnswerException("the result is neither a task nor a message");
    }

    static Notice notice(JsonNode push) {
        JsonNode update = push.path("statusUpdate");
        if (update.isObject()) {
            return new Notice(text(update.path("taskId")), state(update));
        }
        if (push.path("artifactUpdate").isObject()) {
            return new Notice(text(push.path("artifactUpdate").path("taskId")), TaskState.WORKING);
        }
        JsonNode task = push.path("task").isObject() ? push.get("task") : push;
        String kind = task.path("kind").asText("");
        if (kind.equals("status-update")) {
            return new Notice(text(task.path("taskId")), state(task));
        }
        if (kind.equals("artifact-update")) {
            return new Notice(text(task.path("taskId")), TaskState.WORKING);
        }
        return new Notice(text(task.path("id")), state(task));
    }

    /**
     * The agent's answer as Hooklane passes it on: the task's id, context and state, its artifacts' text and data
     * parts, and its status message's parts (or the direct message's).
     */
    static ObjectNode reply(Answer answer) {
        ObjectNode reply = JsonRpc.JSON.createObjectNode();
        if (answer.isTask()) {
            JsonNode task = answer.task();
            reply.put("taskId", task.path("id").asText(""));
            putIfText(reply, "contextId", task.path("contextId"));
            reply.put("state", state(answer.state()));
            ArrayNode artifacts = reply.putArray("artifacts");
            for (JsonNode artifact : task.path("artifacts")) {
                ObjectNode out = artifacts.addObject();
                putIfText(out, "artifactId", artifact.path("artifactId"));
                putIfText(out, "name", artifact.path("name"));
                out.set("parts", parts(artifact.path("parts")));
            }
            JsonNode message = task.path("status").path("message");
            if (message.isObject()) {
                reply.putObject("message").set("parts", parts(message.path("parts")));
            }
        } else {
            JsonNode message = answer.message();
            putIfText(reply, "messageId", message.path("messageId"));
            putIfText(reply, "contextId", message.path("contextId"));
            reply.put("state", "completed");
            reply.putObject("message").set("parts", parts(message.path("parts")));
        }
        return reply;
    }

    private static TaskState state(JsonNode withStatus) {
        return TaskState.parse(withStatus.path("status").path("state").asText(null));
    }

    static String state(TaskState state) {
        return state.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private static ArrayNode parts(JsonNode parts) {
        ArrayNode out = JsonRpc.JSON.createArrayNode();
        for (JsonNode part : parts) {
            if (part.has("text")) {
                out.addObject().put("text", part.path("text").asText(""));
            } else if (part.has("data")) {
                out.addObject().set("data", part.get("data"));
            }
        }
        return out;
    }

    private static void putIfText(ObjectNode out, String name, JsonNode value) {
        if (value.isTextual()) {
            out.put(name, value.asText());
        }
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }
}
