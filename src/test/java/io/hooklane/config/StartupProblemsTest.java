package io.hooklane.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StartupProblemsTest {

    private final StartupProblems problems = new StartupProblems();

    @Test
    void names_every_variable_on_the_first_line_and_each_problem_below() {
        problems.report("source 'stripe' has no secret", "STRIPE_WEBHOOK_SECRET");
        problems.report("destination 'crm' has no URL", "CRM_URL");
        problems.report("destination 'pricing' has no URL", "PRICING_URL");

        assertThatThrownBy(() -> problems.check("prod"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("prod profile: set STRIPE_WEBHOOK_SECRET, CRM_URL, PRICING_URL\n")
                .hasMessageContaining("\n  - destination 'crm' has no URL: set CRM_URL");
    }

    @Test
    void names_a_variable_once_when_two_problems_share_it() {
        problems.report("destination 'crm' has no signing secret", "HOOKLANE_SIGNING_SECRET");
        problems.report("destination 'pricing' has no signing secret", "HOOKLANE_SIGNING_SECRET");

        assertThatThrownBy(() -> problems.check(null))
                .hasMessageStartingWith("Hooklane: set HOOKLANE_SIGNING_SECRET\n");
    }

    @Test
    void passes_without_problems() {
        assertThatCode(() -> problems.check("prod")).doesNotThrowAnyException();
        assertThat(problems.problems()).isEmpty();
    }

    @Test
    void refuses_a_problem_at_once_after_the_check() {
        problems.check("prod");

        assertThatThrownBy(() -> problems.report("source 'new' has no secret", "NEW_WEBHOOK_SECRET"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("source 'new' has no secret: set NEW_WEBHOOK_SECRET");
    }
}
