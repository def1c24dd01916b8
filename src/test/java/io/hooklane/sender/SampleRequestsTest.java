package io.hooklane.sender;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SampleRequestsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void buildsAPostToTheSourcesWebhookPathWithJsonAndTheSchemesHeaders() {
        SampleRequest request = SampleRequests.build("shop-eu", "shopify", "order.created", "s3cret",
                "http://127.0.0.1:8080/", CLOCK, () -> "abc");

        assertThat(request.url()).isEqualTo("http://127.0.0.1:8080/webhooks/shop-eu");
        assertThat(request.header("content-type")).isEqualTo("application/json");
        assertThat(request.header("X-Shopify-Topic")).isEqualTo("orders/create");
        assertThat(request.header("X-Shopify-Hmac-Sha256"))
                .isEqualTo(Base64.getEncoder().encodeToString(Hmac.sha256("s3cret", request.body())));
    }

    @Test
    void squareSignsTheUrlPostedToUnlessANotificationUrlIsConfigured() {
        SampleRequest posted = SampleRequests.build("square", "square", "payment.failed", "key",
                "http://127.0.0.1:8080", CLOCK, () -> "abc");
        SampleRequest configured = SampleRequests.build("square", "square", "payment.failed", "key",
                "http://127.0.0.1:8080", CLOCK, () -> "abc", "https://hooks.example.com/webhooks/square");

        assertThat(posted.header("x-square-hmacsha256-signature")).isEqualTo(Hmac.base64(
                Hmac.sha256("key", Hmac.utf8("http://127.0.0.1:8080/webhooks/square"), posted.body())));
        assertThat(configured.header("x-square-hmacsha256-signature")).isEqualTo(Hmac.base64(
                Hmac.sha256("key", Hmac.utf8("https://hooks.example.com/webhooks/square"), configured.body())));
    }

    @Test
    void standardWebhookIdsAreMessageIds() {
        SampleRequest request = SampleRequests.build("standard", "standard", "review.created",
                "whsec_c2VjcmV0", "http://h", CLOCK, () -> "abc");

        assertThat(request.header("webhook-id")).isEqualTo("msg_abc");
        assertThat(request.header("webhook-timestamp")).isEqualTo("1714557600");
    }

    @Test
    void randomIdsAreDistinctBase62() {
        var ids = SampleRequests.randomIds();

        assertThat(ids.get()).matches("[0-9A-Za-z]{24}").isNotEqualTo(ids.get());
    }
}
