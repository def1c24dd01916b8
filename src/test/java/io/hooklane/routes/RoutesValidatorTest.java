package io.hooklane.routes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Each kind of problem in a copy of the shipped routes/, reported with its file and line. */
class RoutesValidatorTest {

    private static final String UNROUTED = "        - process:\n            ref: unroutedEvents\n";

    @TempDir
    Path dir;

    @BeforeEach
    void copyShippedRoutes() throws IOException {
        try (var files = Files.list(Path.of("routes"))) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
    }

    @Test
    void shipped_routes_have_no_problems() {
        assertThat(validate()).isEmpty();
    }

    @Test
    void reports_a_rule_naming_an_undefined_destination() throws IOException {
        addRule("          - to: \"hooklane-queue:fraud-agent\"\n");
        int line = lineOf("routing.camel.yaml", "hooklane-queue:fraud-agent");
        assertThat(validate()).singleElement().satisfies(p -> {
            assertThat(p.file()).endsWith("routing.camel.yaml");
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).startsWith("rule sends to undefined destination 'fraud-agent'");
        });
    }

    @Test
    void a_rule_to_a_destination_defined_in_the_same_set_is_fine() throws IOException {
        addRule("          - to: \"hooklane-queue:fraud-agent\"\n");
        append("destinations.camel.yaml", """

                - templatedRoute:
                    routeTemplateRef: destination
                    routeId: deliver-fraud-agent
                    parameters:
                      - { name: name, value: fraud-agent }
                      - { name: url, value: "http://127.0.0.1:9/fraud" }
                """);
        assertThat(validate()).isEmpty();
    }

    @Test
    void reports_a_source_with_an_unknown_scheme() throws IOException {
        replace("sources.camel.yaml", "{ name: scheme, value: paddle }", "{ name: scheme, value: padle }");
        assertThat(validate()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(lineOf("sources.camel.yaml", "value: padle"));
            assertThat(p.message()).startsWith("source 'paddle' has unknown scheme 'padle'");
        });
    }

    @Test
    void reports_a_source_without_its_secret_variable_name() throws IOException {
        replace("sources.camel.yaml", "      - { name: secretKey, value: SHOPIFY_WEBHOOK_SECRET }\n", "");
        assertThat(validate()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(lineOf("sources.camel.yaml", "routeId: ingest-shopify") - 1);
            assertThat(p.message()).isEqualTo("source 'shopify' names no secret variable (parameter secretKey)");
        });
    }

    @Test
    void reports_a_duplicate_route_id_at_its_second_occurrence() throws IOException {
        replace("sources.camel.yaml", "routeId: ingest-github", "routeId: ingest-stripe");
        assertThat(validate()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(lineOf("sources.camel.yaml", "value: github }") - 2);
            assertThat(p.message()).startsWith("duplicate route id 'ingest-stripe' (first at ");
        });
    }

    @Test
    void reports_a_yaml_syntax_error_with_its_line() throws IOException {
        addRule("          - to: [\"hooklane-queue:crm\"\n");
        assertThat(validate()).singleElement().satisfies(p -> {
            assertThat(p.file()).endsWith("routing.camel.yaml");
            assertThat(p.line()).isGreaterThanOrEqualTo(lineOf("routing.camel.yaml", "[\"hooklane-queue:crm\""));
            assertThat(p.message()).startsWith("YAML syntax error: ");
        });
    }

    @Test
    void reports_what_camels_yaml_dsl_refuses_with_its_line() throws IOException {
        replace("routing.camel.yaml", "        - filter:\n            simple: \"${exchangeProperty.type} in 'inventory",
                "        - fliter:\n            simple: \"${exchangeProperty.type} in 'inventory");
        assertThat(validate()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(lineOf("routing.camel.yaml", "- fliter:"));
            assertThat(p.message()).isEqualTo("Camel YAML DSL: Unknown node id: fliter");
        });
    }

    @Test
    void reports_a_filter_whose_simple_expression_does_not_parse() throws IOException {
        addRule("        - filter:\n            simple: \"${exchangeProperty.type == 'x'\"\n"
                + "            steps:\n              - to: \"hooklane-queue:crm\"\n");
        assertThat(validate()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(lineOf("routing.camel.yaml", "${exchangeProperty.type == 'x'"));
            assertThat(p.message()).startsWith("invalid simple expression: ");
        });
    }

    @Test
    void reports_an_unknown_component() throws IOException {
        addRule("        - to: \"hooklane-queu:crm\"\n");
        assertThat(validate()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(lineOf("routing.camel.yaml", "hooklane-queu:crm"));
            assertThat(p.message()).startsWith("unknown component 'hooklane-queu'");
        });
    }

    private List<RouteProblem> validate() {
        try (DefaultCamelContext context = RoutesCli.offlineContext()) {
            return new RoutesValidator(context).validate(RouteFiles.in(dir).stream().map(RouteFile::read).toList());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Inserts a step (or filter) just before the routing route's last step. */
    private void addRule(String yaml) throws IOException {
        String text = yaml.startsWith("        - ") ? yaml
                : "        - filter:\n            simple: \"${exchangeProperty.type} == 'refund.created'\"\n"
                + "            steps:\n" + yaml.replaceAll("(?m)^          ", "              ");
        replace("routing.camel.yaml", UNROUTED, text + "\n" + UNROUTED);
    }

    private void append(String file, String text) throws IOException {
        Files.writeString(dir.resolve(file), Files.readString(dir.resolve(file)) + text);
    }

    private void replace(String file, String from, String to) throws IOException {
        String text = Files.readString(dir.resolve(file));
        assertThat(text).contains(from);
        Files.writeString(dir.resolve(file), text.replace(from, to));
    }

    private int lineOf(String file, String text) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve(file));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }
}
