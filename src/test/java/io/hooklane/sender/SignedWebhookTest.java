package io.hooklane.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.hooklane.testing.SignedWebhook;
import io.hooklane.verify.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The fluent test helper other packages use for signed (and deliberately broken) webhooks. */
class SignedWebhookTest {

    private static final String SECRET = "whsec_test";
    private static final Instant AT = Instant.ofEpochSecond(1714557600L);

    @Test
    void buildsAValidlySignedSampleForTheEvent() {
        SignedWebhook.Request request = SignedWebhook.stripe(SECRET).event("payment.failed").at(AT).build();

        assertThat(request.path()).isEqualTo("/webhooks/stripe");
        assertThat(request.url()).isEqualTo("http://localhost:8080/webhooks/stripe");
        assertThat(request.bodyString()).contains("payment_intent.payment_failed");
        assertThat(request.header("stripe-signature")).isEqualTo("t=1714557600,v1="
                + Hmac.hex(Hmac.sha256(SECRET, Hmac.utf8("1714557600."), request.body())));
    }

    @Test
    void tamperedBodyKeepsTheOriginalSignature() {
        SignedWebhook base = SignedWebhook.github("gh").ids(() -> "same").at(AT);
        SignedWebhook.Request valid = base.build();
        SignedWebhook.Request tampered = base.tamperedBody().build();

        assertThat(tampered.header("X-Hub-Signature-256")).isEqualTo(valid.header("X-Hub-Signature-256"));
        assertThat(tampered.body()).isNotEqualTo(valid.body());
        assertThat(tampered.bodyString().replaceFirst("\\{ ", "{")).isEqualTo(valid.bodyString());
    }

    @Test
    void signedWithAnotherSecretDiffersButKeepsTheReceiversSecret() {
        SignedWebhook base = SignedWebhook.shopify("right").ids(() -> "same").at(AT);

        assertThat(base.signedWith("wrong").build().header("X-Shopify-Hmac-Sha256"))
                .isNotEqualTo(base.build().header("X-Shopify-Hmac-Sha256"));
        assertThat(base.signedWith("wrong").secret()).isEqualTo("right");
    }

    @Test
    void headersCanBeDroppedOrReplacedAfterSigning() {
        SignedWebhook.Request request = SignedWebhook.standard("whsec_c2VjcmV0").at(AT)
                .withoutHeader("WEBHOOK-ID").withHeader("webhook-timestamp", "1").build();

        assertThat(request.header("webhook-id")).isNull();
        assertThat(request.header("Webhook-Timestamp")).isEqualTo("1");
        assertThat(request.header("webhook-signature")).startsWith("v1,");
    }

    @Test
    void withBodySignsTheGivenBytes() {
        SignedWebhook.Request request = SignedWebhook.generic("g").withBody("{\"a\":1}").build();

        assertThat(request.bodyString()).isEqualTo("{\"a\":1}");
        assertThat(request.header("X-Hooklane-Signature"))
                .isEqualTo("sha256=" + Hmac.hex(Hmac.sha256("g", request.body())));
    }

    @Test
    void idAndSourceAreUsedAsGiven() {
        SignedWebhook.Request request = SignedWebhook.standard("whsec_c2VjcmV0").source("acme")
                .id("msg_p5jXN8AQM9LWM0D4loKWxJek").build();

        assertThat(request.path()).isEqualTo("/webhooks/acme");
        assertThat(request.header("webhook-id")).isEqualTo("msg_p5jXN8AQM9LWM0D4loKWxJek");
    }

    @Test
    void convertsToTheVerifiersRequest() {
        WebhookRequest request = SignedWebhook.square("key").event("refund.created").toWebhookRequest();

        assertThat(request.source()).isEqualTo("square");
        assertThat(request.url()).isEqualTo("http://localhost:8080/webhooks/square");
        assertThat(request.header("x-square-hmacsha256-signature")).isEqualTo(Hmac.base64(Hmac.sha256("key",
                Hmac.utf8(request.url()), request.body())));
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).contains("\"refund.created\"");
    }
}
