package io.hooklane.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SquareSchemeTest extends SchemeContract {

    private static final String SIGNED_URL = "https://hooks.example.com/square";

    // Published vectors: square/square-java-sdk src/test/java/com/squareup/square/utilities/WebhooksHelperTest.java
    private static final String SDK_BODY = "{\"merchant_id\":\"MLEFBHHSJGVHD\",\"type\":\"webhooks.test_notification\","
            + "\"event_id\":\"ac3ac95b-f97d-458c-a6e6-18981597e05f\",\"created_at\":\"2022-07-13T20:30:59.037339943Z\","
            + "\"data\":{\"type\":\"webhooks\",\"id\":\"bc368e64-01aa-407e-b46e-3231809b1129\"}}";
    private static final String SDK_SIGNATURE = "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=";
    private static final String SDK_KEY = "Ibxx_5AKakO-3qeNVR61Dw";
    private static final String SDK_URL = "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9";

    @Override
    String scheme() {
        return "square";
    }

    @Override
    SchemeSettings.Builder configure(SchemeSettings.Builder builder) {
        return builder.signedUrl(SIGNED_URL);
    }

    @Override
    Map<String, String> signedHeaders(String secret, byte[] body, long timestamp) {
        return Map.of("x-square-hmacsha256-signature",
                TestSigning.base64(TestSigning.sha256(TestSigning.utf8(secret), SIGNED_URL, body)));
    }

    @Override
    String signatureHeader() {
        return "x-square-hmacsha256-signature";
    }

    @Override
    String malformedSignature() {
        return "not base64 at all";
    }

    private SignatureScheme sdkScheme(String key, String url) {
        return SignatureSchemes.create(SchemeSettings.builder().scheme("square").source(SOURCE).secrets(key)
                .signedUrl(url).build());
    }

    private WebhookRequest sdkRequest(String signature, String body) {
        return request(Map.of("x-square-hmacsha256-signature", signature), TestSigning.utf8(body));
    }

    @Test
    void accepts_the_published_square_sdk_vector() {
        accepts(sdkScheme(SDK_KEY, SDK_URL), sdkRequest(SDK_SIGNATURE, SDK_BODY));
    }

    @Test
    void accepts_the_published_square_sdk_vector_with_escaped_characters() {
        accepts(sdkScheme("signature-key", "https://webhook.site/webhooks"),
                sdkRequest("Cxt7+aTi4rKgcA0bC4g9EHdVtLSDWdqccmL5MvihU4U=", "{\"data\":{\"type\":\"webhooks\",\"id\":\">id<\"}}"));
    }

    @Test
    void rejects_the_published_vector_for_another_notification_url() {
        assertThat(refusal(sdkScheme(SDK_KEY, "https://webhook.site/79a4f3a-dcfa-49ee-bac5-9d0edad886b9"),
                sdkRequest(SDK_SIGNATURE, SDK_BODY))).isEqualTo(Reason.INVALID_SIGNATURE);
    }

    @Test
    void rejects_the_published_vector_with_another_signature_key() {
        assertThat(refusal(sdkScheme("MCmhFRxGX82xMwg5FsaoQA", SDK_URL), sdkRequest(SDK_SIGNATURE, SDK_BODY)))
                .isEqualTo(Reason.INVALID_SIGNATURE);
    }

    @Test
    void rejects_the_published_vector_with_a_reformatted_body() {
        assertThat(refusal(sdkScheme(SDK_KEY, SDK_URL), sdkRequest(SDK_SIGNATURE, SDK_BODY.replace(",", ", "))))
                .isEqualTo(Reason.INVALID_SIGNATURE);
    }

    @Test
    void signs_the_request_url_when_allowed_and_no_signed_url_is_set() {
        SignatureScheme scheme = SignatureSchemes.create(SchemeSettings.builder().scheme("square").source(SOURCE)
                .secrets(SDK_KEY).signedUrlFromRequest(true).build());
        accepts(scheme, new WebhookRequest(SOURCE, Map.of("x-square-hmacsha256-signature", SDK_SIGNATURE),
                TestSigning.utf8(SDK_BODY), SDK_URL));
    }

    @Test
    void rejects_when_allowed_to_use_the_request_url_but_the_request_has_none() {
        SignatureScheme scheme = SignatureSchemes.create(SchemeSettings.builder().scheme("square").source(SOURCE)
                .secrets(SDK_KEY).signedUrlFromRequest(true).build());
        assertThat(refusal(scheme, new WebhookRequest(SOURCE, Map.of("x-square-hmacsha256-signature",
                SDK_SIGNATURE), TestSigning.utf8(SDK_BODY), null))).isEqualTo(Reason.MISSING_SIGNATURE);
    }

    @Test
    void prefers_the_configured_signed_url_over_the_request_url() {
        accepts(sdkScheme(SDK_KEY, SDK_URL), new WebhookRequest(SOURCE,
                Map.of("x-square-hmacsha256-signature", SDK_SIGNATURE), TestSigning.utf8(SDK_BODY),
                "http://internal-gateway:8080/in/square"));
    }

    @Test
    void refuses_to_build_without_a_signed_url() {
        assertThatThrownBy(() -> SchemeSettings.builder().scheme("square").source(SOURCE).secrets(SDK_KEY).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("hooklane source 'shop-1': signed-url must be set")
                .hasMessageNotContaining(SDK_KEY);
    }
}
