package io.hooklane.deliver;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import io.hooklane.config.StartupProblems;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DestinationCheckTest {

    private static final String DEMO_PREFIX = "http://127.0.0.1:8080/demo/";
    private static final String RAW = "{{CRM_URL:{{hooklane.demo-base-url}}/demo/crm}}";
    private static final String SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("crm-key".getBytes(StandardCharsets.UTF_8));

    private final Map<String, String> config = new HashMap<>(Map.of("HOOKLANE_SIGNING_SECRET", SECRET));
    private final StartupProblems problems = new StartupProblems();

    private DestinationCheck prod() {
        return new DestinationCheck(new DestinationCredentials(config::get, false), false, DEMO_PREFIX);
    }

    @Test
    void a_url_falling_back_to_the_demo_receivers_in_prod_is_named_by_its_variable() {
        prod().check("crm", RAW, DEMO_PREFIX + "crm", problems);

        assertThat(problems.problems()).singleElement()
                .satisfies(p -> assertThat(p.variables()).isEqualTo("CRM_URL"))
                .satisfies(p -> assertThat(p.what()).contains("destination 'crm'"));
    }

    @Test
    void a_url_of_its_own_and_a_secret_pass() {
        prod().check("crm", RAW, "https://crm.example.com/hooks", problems);

        assertThat(problems.problems()).isEmpty();
    }

    @Test
    void the_demo_receivers_are_fine_where_they_are_served() {
        new DestinationCheck(new DestinationCredentials(config::get, true), true, DEMO_PREFIX)
                .check("crm", RAW, DEMO_PREFIX + "crm", problems);

        assertThat(problems.problems()).isEmpty();
    }

    @Test
    void a_missing_url_and_a_missing_secret_are_two_problems() {
        config.clear();

        prod().check("support-agent", "{{SUPPORT_AGENT_URL}}", null, problems);

        assertThat(problems.problems()).extracting(StartupProblems.Problem::variables)
                .containsExactly("SUPPORT_AGENT_URL", "SUPPORT_AGENT_SIGNING_SECRET or HOOKLANE_SIGNING_SECRET");
    }

    @Test
    void the_demo_signing_secret_is_refused_in_prod_without_showing_it() {
        config.put("CRM_SIGNING_SECRET", DestinationCredentials.DEMO_SIGNING_SECRET);

        prod().check("crm", RAW, "https://crm.example.com/hooks", problems);

        assertThat(problems.problems()).singleElement().satisfies(p -> {
            assertThat(p.what()).contains("demo").doesNotContain(DestinationCredentials.DEMO_SIGNING_SECRET);
            assertThat(p.variables()).contains("CRM_SIGNING_SECRET");
        });
    }

    @Test
    void a_literal_url_is_named_by_the_destination() {
        prod().check("crm", DEMO_PREFIX + "crm", DEMO_PREFIX + "crm", problems);

        assertThat(problems.problems()).singleElement()
                .satisfies(p -> assertThat(p.variables()).contains("destination 'crm'"));
    }
}
