package io.hooklane.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Published vectors where the platform or its SDK has one; otherwise values computed independently with
 * {@code openssl dgst -sha256 -hmac}.
 */
class WebhookSignersTest {

    private static final Clock AT_1714557600 = Clock.fixed(Instant.ofEpochSecond(1714557600L), ZoneOffset.UTC);
    private static final byte[] BODY = bytes("{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\"}");
    private static final Supplier<String> ID = () -> "delivery-1";

    @Test
    void githubSignerReproducesTheGitHubDocsVector() {
        Map<String, String> headers = new GitHubSigner("It's a Secret to Everybody", ID)
                .sign(bytes("Hello, World!"), "issues", null);

        assertThat(headers).containsEntry("X-Hub-Signature-256",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
        assertThat(headers).containsEntry("X-GitHub-Event", "issues").containsEntry("X-GitHub-Delivery", "delivery-1");
    }

    @Test
    void standardSignerReproducesTheStandardWebhooksSpecVector() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1614265330L), ZoneOffset.UTC);
        Map<String, String> headers = new StandardWebhooksSigner("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", clock,
                () -> "msg_p5jXN8AQM9LWM0D4loKWxJek").sign(bytes("{\"test\": 2432232314}"), "test", null);

        assertThat(headers).containsExactly(
                Map.entry("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"),
                Map.entry("webhook-timestamp", "1614265330"),
                Map.entry("webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
    }

    @Test
    void standardSignerRejectsASecretThatIsNotBase64() {
        assertThatThrownBy(() -> new StandardWebhooksSigner("whsec_not base64!", AT_1714557600, ID))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whsec_");
    }

    @Test
    void squareSignerReproducesTheSquareSdkVector() {
        String body = "{\"merchant_id\":\"MLEFBHHSJGVHD\",\"type\":\"webhooks.test_notification\","
                + "\"event_id\":\"ac3ac95b-f97d-458c-a6e6-18981597e05f\",\"created_at\":\"2022-07-13T20:30:59.037339943Z\","
                + "\"data\":{\"type\":\"webhooks\",\"id\":\"bc368e64-01aa-407e-b46e-3231809b1129\"}}";

        Map<String, String> headers = new SquareSigner("Ibxx_5AKakO-3qeNVR61Dw")
                .sign(bytes(body), "webhooks.test_notification", "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9");

        assertThat(headers).containsExactly(
                Map.entry("x-square-hmacsha256-signature", "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4="));
    }

    @Test
    void squareSignerSignsTheConfiguredNotificationUrlInsteadOfTheRequestUrl() {
        String body = "{\"data\":{\"type\":\"webhooks\",\"id\":\">id<\"}}";
        SquareSigner signer = new SquareSigner("signature-key", "https://webhook.site/webhooks");

        assertThat(signer.sign(bytes(body), "x", "http://127.0.0.1:8080/webhooks/square"))
                .containsEntry("x-square-hmacsha256-signature", "Cxt7+aTi4rKgcA0bC4g9EHdVtLSDWdqccmL5MvihU4U=");
    }

    @Test
    void squareSignerRefusesToSignWithoutAnyUrl() {
        assertThatThrownBy(() -> new SquareSigner("key").sign(BODY, "payment.updated", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stripeSignerSignsTimestampDotBodyInHex() {
        assertThat(new StripeSigner("whsec_test_secret", AT_1714557600).sign(BODY, "x", null)).containsExactly(
                Map.entry("Stripe-Signature",
                        "t=1714557600,v1=7bf3cb2b92fcd196fc2b02b72f7340897178b401178563600f51a478adc200d5"));
    }

    @Test
    void shopifySignerSignsTheBodyInBase64AndSendsTheShopHeaders() {
        Map<String, String> headers = new ShopifySigner("shpss_secret", AT_1714557600, ID)
                .sign(BODY, "orders/create", null);

        assertThat(headers)
                .containsEntry("X-Shopify-Hmac-Sha256", "uGw8Y/Q6BtDDN9WdYLXza56oFRTueNwE9y59aA8hDsg=")
                .containsEntry("X-Shopify-Topic", "orders/create")
                .containsEntry("X-Shopify-Webhook-Id", "delivery-1")
                .containsEntry("X-Shopify-Shop-Domain", "hooklane-demo.myshopify.com")
                .containsEntry("X-Shopify-Triggered-At", "2024-05-01T10:00:00Z")
                .containsKey("X-Shopify-API-Version");
    }

    @Test
    void wooCommerceSignerSignsTheBodyInBase64AndSendsTopicDeliveryAndSource() {
        Map<String, String> headers = new WooCommerceSigner("woo secret", ID).sign(BODY, "order.created", null);

        assertThat(headers)
                .containsEntry("X-WC-Webhook-Signature", "McvvBphd1uy77Nm9xKQ/1txBecefxjHMlbuH+RmQ/6s=")
                .containsEntry("X-WC-Webhook-Topic", "order.created")
                .containsEntry("X-WC-Webhook-Resource", "order")
                .containsEntry("X-WC-Webhook-Event", "created")
                .containsEntry("X-WC-Webhook-Delivery-ID", "delivery-1")
                .containsEntry("X-WC-Webhook-Source", "https://shop.example.com/");
    }

    @Test
    void paddleSignerSignsTimestampColonBodyInHex() {
        assertThat(new PaddleSigner("pdl_ntfset_secret", AT_1714557600).sign(BODY, "x", null)).containsExactly(
                Map.entry("Paddle-Signature",
                        "ts=1714557600;h1=a86d907c840e2cbe4e9e350edf471a2c79588ee0ab70798fcd389e9ac9dbecb7"));
    }

    @Test
    void genericSignerSendsPrefixedHexWithoutTimestamp() {
        assertThat(new GenericSigner("generic-secret").sign(BODY, "order.created", null)).containsExactly(
                Map.entry("X-Hooklane-Signature",
                        "sha256=dd33cd98be63b34f41710e3121eba02c2153f7b1c6a65edd89ff9f21217547f6"));
    }

    @Test
    void factoryKnowsEverySchemeAndRejectsOthers() {
        for (String scheme : WebhookSigners.SCHEMES) {
            String secret = scheme.equals("standard") ? "whsec_c2VjcmV0" : "secret";
            assertThat(WebhookSigners.forScheme(scheme, secret, AT_1714557600, ID).sign(BODY, "t", "http://x/"))
                    .as(scheme).isNotEmpty();
        }
        assertThatThrownBy(() -> WebhookSigners.forScheme("svix", "s", AT_1714557600, ID))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stripe");
    }

    @Test
    void deliveryIdsLookLikeThePlatformsOwn() {
        assertThat(WebhookSigners.deliveryIds("standard", ID).get()).isEqualTo("msg_delivery-1");
        assertThat(WebhookSigners.deliveryIds("github", ID).get()).matches("[0-9a-f-]{36}");
        assertThat(WebhookSigners.deliveryIds("stripe", ID).get()).isEqualTo("delivery-1");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
