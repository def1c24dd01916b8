package io.hooklane.routes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bin/routes}: exit codes for CI, and explain on sample payloads against the shipped routes. */
class RoutesCliTest {

    private static final String STRIPE_PAYMENT_FAILED = """
            {"id":"evt_3QexplainPaymentFailed","object":"event","api_version":"2024-06-20","created":1764298376,
             "type":"payment_intent.payment_failed","livemode":false,
             "data":{"object":{"id":"pi_3QexplainIntent","object":"payment_intent","amount":4999,"currency":"usd",
              "status":"requires_payment_method","last_payment_error":{"code":"card_declined"}}}}
            """;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void validate_exits_0_with_a_summary_on_the_shipped_routes() throws IOException {
        // the shipped sources, counted from the file the summary describes
        long sources = Files.readAllLines(Path.of("routes/sources.camel.yaml")).stream()
                .filter(line -> line.contains("routeTemplateRef: webhook-source")).count();

        assertThat(run("validate", "routes")).isZero();
        assertThat(out()).startsWith("OK: 8 route file(s), " + sources + " source(s), 4 destination(s), 1 routing file(s)");
    }

    @Test
    void validate_exits_1_with_one_file_line_message_per_problem() throws IOException {
        Path routing = dir.resolve("routing.camel.yaml");
        Files.writeString(routing, Files.readString(Path.of("routes/routing.camel.yaml"))
                .replace("hooklane-queue:pricing", "hooklane-queue:pricnig"));
        Files.copy(Path.of("routes/destinations.camel.yaml"), dir.resolve("destinations.camel.yaml"));
        assertThat(run("validate", dir.toString())).isEqualTo(1);
        assertThat(out().lines().toList()).hasSize(2).first().asString()
                .matches(java.util.regex.Pattern.quote(routing.toString()) + ":\\d+: rule sends to undefined destination 'pricnig'.*");
        assertThat(out().lines().toList().get(1)).isEqualTo("1 problem(s) in 2 route file(s)");
    }

    @Test
    void validate_exits_2_when_there_are_no_route_files() {
        assertThat(run("validate", dir.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("bin/routes: no *.camel.yaml files in ");
    }

    @Test
    void explain_shows_a_stripe_payment_failed_going_to_support_agent_and_crm() throws IOException {
        Path payload = dir.resolve("payment-failed.json");
        Files.writeString(payload, STRIPE_PAYMENT_FAILED);
        assertThat(run("explain", "stripe", payload.toString())).isZero();
        String text = out();
        JsonNode event = new ObjectMapper().readTree(text.substring(text.indexOf('{'), text.lastIndexOf('}') + 1));
        assertThat(event.path("type").asText()).isEqualTo("payment.failed");
        assertThat(event.path("id").asText()).isEqualTo("evt_3QexplainPaymentFailed");
        assertThat(event.path("subject").asText()).isEqualTo("pi_3QexplainIntent");
        assertThat(event.path("providertype").asText()).isEqualTo("payment_intent.payment_failed");
        assertThat(text).endsWith("Destinations: support-agent, crm\n");
    }

    @Test
    void explain_takes_the_providers_unsigned_headers() throws IOException {
        Path payload = dir.resolve("order.json");
        Files.writeString(payload, "{\"id\":820982911946154508,\"order_number\":1001,\"line_items\":[],\"financial_status\":\"pending\",\"total_price\":\"60.95\"}");
        assertThat(run("explain", "shopify", payload.toString(), "--header", "X-Shopify-Topic:orders/create",
                "--header", "X-Shopify-Webhook-Id:b54557e4-bdd9-4b37-8a5f-bf7d70bcd043")).isZero();
        assertThat(out()).contains("\"type\" : \"order.created\"", "\"unsignedattrs\" : \"type,id,time\"")
                .endsWith("Destinations: recommendations-agent, crm\n");
    }

    @Test
    void explain_exits_1_when_no_rule_matches() throws IOException {
        Path payload = dir.resolve("invoice.json");
        Files.writeString(payload, "{\"id\":\"evt_1\",\"type\":\"invoice.paid\",\"created\":1764298376,"
                + "\"data\":{\"object\":{\"id\":\"in_1\"}}}");
        assertThat(run("explain", "stripe", payload.toString())).isEqualTo(1);
        assertThat(out()).contains("\"type\" : \"stripe.invoice.paid\"")
                .endsWith("Destinations: none (no rule matches: the event is counted as unrouted)\n");
    }

    @Test
    void explain_exits_2_for_an_unknown_source() throws IOException {
        Path payload = dir.resolve("p.json");
        Files.writeString(payload, "{}");
        assertThat(run("explain", "acme", payload.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("bin/routes: no source 'acme' in routes");
    }

    private int run(String... args) {
        return RoutesCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
