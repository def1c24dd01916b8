package io.hooklane.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What differs between the two A2A versions Hooklane speaks over the JSON-RPC binding: method names, the version
 * header, and the shape of a {@code SendMessage} request. Answers are read by {@link TaskReader}, which accepts both.
 *
 * <ul>
 * <li>1.0: {@code SendMessage} / {@code GetTask} (§5.3 method mapping, §9 JSON-RPC binding), header
 * {@code A2A-Version: 1.0}, roles {@code ROLE_USER}, parts without a {@code kind} ({@code {"data": ...}}, Part
 * in §4.1), {@code configuration.returnImmediately} and {@code configuration.taskPushNotificationConfig}
 * (SendMessageConfiguration in §3.2, §4.3.1).</li>
 * <li>0.3: {@code message/send} / {@code tasks/get}, role {@code user}, {@code kind} discriminators,
 * {@code configuration.blocking: false} and {@code configuration.pushNotificationConfig} (0.3
 * MessageSendConfiguration, PushNotificationConfig).</li>
 * </ul>
 */
enum A2aVersion {
    V1_0("SendMessage", "GetTask"),
    V0_3("message/send", "tasks/get");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String sendMethod;
    private final String getMethod;

    A2aVersion(String sendMethod, String getMethod) {
        this.sendMethod = sendMethod;
        this.getMethod = getMethod;
    }

    String sendMethod() {
        return sendMethod;
    }

    String getMethod() {
        return getMethod;
    }

    /** The {@code A2A-Version} request header (a 1.0 service parameter); 0.3 had none. */
    String versionHeader() {
        return this == V1_0 ? "1.0" : null;
    }

    /**
     * {@code SendMessage} params: one user message whose {@code messageId} is the delivery's stable id (the same on
     * every attempt, so an agent can recognise a repeat) and whose only part carries the CloudEvent as data; a
     * non-blocking answer; and, when {@code push} is not null, where and with which token to push the task's updates.
     */
    ObjectNode sendParams(String messageId, JsonNode cloudEvent, ObjectNode metadata, Push push) {
        ObjectNode part = NODES.objectNode();
        ObjectNode message = NODES.objectNode();
        ObjectNode configuration = NODES.objectNode();
        if (this == V1_0) {
            part.set("data", cloudEvent);
            part.put("mediaType", "application/cloudevents+json");
            message.put("role", "ROLE_USER");
            configuration.put("returnImmediately", true);
        } else {
            part.put("kind", "data");
            part.set("data", cloudEvent);
            part.set("metadata", NODES.objectNode().put("mimeType", "application/cloudevents+json"));
            message.put("kind", "message");
            message.put("role", "user");
            configuration.put("blocking", false);
        }
        message.put("messageId", messageId);
        message.set("parts", NODES.arrayNode().add(part));
        message.set("metadata", metadata);
        configuration.set("acceptedOutputModes", NODES.arrayNode().add("application/json").add("text/plain"));
        if (push != null) {
            configuration.set(this == V1_0 ? "taskPushNotificationConfig" : "pushNotificationConfig", pushConfig(push));
        }
        return NODES.objectNode().<ObjectNode>set("message", message).set("configuration", configuration);
    }

    /** {@code GetTask} params (1.0 §3.1.3; 0.3 TaskQueryParams): the task's id, without its history. */
    ObjectNode getParams(String taskId) {
        return NODES.objectNode().put("id", taskId).put("historyLength", 0);
    }

    private ObjectNode pushConfig(Push push) {
        ObjectNode config = NODES.objectNode().put("url", push.url()).put("token", push.token());
        ObjectNode authentication = NODES.objectNode();
        if (this == V1_0) {
            authentication.put("scheme", "Bearer");
        } else {
            authentication.set("schemes", NODES.arrayNode().add("Bearer"));
        }
        authentication.put("credentials", push.token());
        return config.set("authentication", authentication);
    }

    /** Where the agent pushes a task's updates and the token it must present (1.0 §4.3.1, §13.2). */
    record Push(String url, String token) {
        @Override
        public String toString() {
            return "Push[" + url + ", token=***]";
        }
    }
}
