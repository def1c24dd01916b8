package io.hooklane.ingest;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IngestWarmupTest {

    private static WarmupSource source(String name, String scheme, String secret) {
        WebhookSourceProcessor processor = new WebhookSourceProcessor();
        processor.setSource(name);
        processor.setScheme(scheme);
        processor.setSecretKey(name.toUpperCase() + "_SECRET");
        processor.setSecret(secret);
        processor.setErrors(new ErrorResponder(5, null));
        processor.init();
        return processor.warmupSource();
    }

    @Test
    void every_synthetic_webhook_passes_its_sources_own_checks() {
        List<WarmupSource> sources = List.of(
                source("standard", "standard", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
                source("stripe", "stripe", "whsec_test_stripe_0123456789"),
                source("shopify", "shopify", "shpss_test_shopify_secret"),
                source("github", "github", "gh-secret"),
                source("square", "square", "sq-key"),
                source("paddle", "paddle", "pdl_ntfset_secret"),
                source("woocommerce", "woocommerce", "wc-secret"),
                source("acp", "acp", "acp-secret"));

        IngestWarmup.Result result = new IngestWarmup(sources, 2_000, Duration.ofSeconds(60)).run();

        assertThat(result.sources()).isEqualTo(8);
        assertThat(result.webhooks()).isEqualTo(2_000);
        assertThat(result.refused()).isZero();
    }

    @Test
    void stops_at_its_time_budget() {
        IngestWarmup.Result result = new IngestWarmup(List.of(source("stripe", "stripe", "whsec_x")),
                Integer.MAX_VALUE, Duration.ofSeconds(1)).run();

        assertThat(result.webhooks()).isLessThan(Integer.MAX_VALUE);
        assertThat(result.took()).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void a_ucp_source_is_not_warmed_up_the_gateway_holds_no_sender_key() {
        WebhookSourceProcessor processor = new WebhookSourceProcessor();
        processor.setSource("ucp");
        processor.setScheme("ucp");
        processor.setSecretKey("UCP_TRUSTED_PROFILES");
        processor.setSecret("https://merchant.example/.well-known/ucp");
        processor.setErrors(new ErrorResponder(5, null));
        processor.init();

        assertThat(processor.warmupSource()).isNull();
    }
}
