package io.hooklane.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.hooklane.sender.SampleRequest;
import io.hooklane.sender.SampleRequests;
import io.hooklane.sender.SamplePayloads;
import io.hooklane.sender.WebhookSigners;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sample {@code bin/send} can send passes its scheme's normalizer, header-borne types cross-checked included. */
class SampleWebhooksNormalizeTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);

    /** The schemes that take attributes from unsigned headers, with those attributes. */
    private static final Map<String, String> UNSIGNED = Map.of(
            "shopify", "type,id,time", "woocommerce", "type,id", "github", "type,id", "acp", "id");

    static Stream<Arguments> everySample() {
        return WebhookSigners.SCHEMES.stream()
                .flatMap(scheme -> SamplePayloads.events(scheme).stream().map(event -> Arguments.of(scheme, event)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everySample")
    void every_sample_normalizes_and_names_its_unsigned_attributes(String scheme, String event) throws Exception {
        SampleRequest request = SampleRequests.build(scheme, scheme, event, "secret", "http://127.0.0.1:8080",
                CLOCK, SampleRequests.randomIds());

        CanonicalEvent normalized = Fixtures.normalize(scheme, scheme, request.headers(), request.body());

        assertThat(normalized.unsignedAttributes()).isEqualTo(UNSIGNED.get(scheme));
        assertThat(normalized.id()).isNotBlank();
    }
}
