package io.hooklane.e2e;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

/** Calls a test gateway's admin API with a bearer token. */
final class AdminClient {

    private final TestGateway gateway;
    private final String token;

    AdminClient(TestGateway gateway, String token) {
        this.gateway = gateway;
        this.token = token;
    }

    HttpResponse<String> get(String path) {
        return gateway.send(authorized(gateway.request(path)).GET().build());
    }

    HttpResponse<String> post(String path, String json) {
        return gateway.send(authorized(gateway.request(path)).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    JsonNode ok(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError("admin API answered " + response.statusCode() + ": " + response.body());
        }
        return EventTopic.json(response.body().getBytes(StandardCharsets.UTF_8));
    }

    JsonNode destinations() {
        return ok(get("/admin/destinations"));
    }

    JsonNode destination(String name) {
        for (JsonNode d : destinations().path("destinations")) {
            if (name.equals(d.path("name").asText())) {
                return d;
            }
        }
        throw new AssertionError("no destination " + name + " in " + destinations());
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }
}
