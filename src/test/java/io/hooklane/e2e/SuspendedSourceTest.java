package io.hooklane.e2e;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A source whose route an operator suspended answers like a gateway that is starting: 503 not_ready, retry later. */
class SuspendedSourceTest {

    @Test
    void a_suspended_source_answers_503_not_ready_with_retry_after_and_serves_again_when_resumed() throws Exception {
        try (TestGateway gateway = TestGateway.start(TestKafka.bootstrapServers(), Map.of())) {
            gateway.gateway().context().getRouteController().suspendRoute("ingest-standard");

            HttpResponse<String> refused = gateway.post(gateway.signed("standard").event("order.created").build());

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue(gateway.property("hooklane.ingest.retry-after-seconds"));
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(refused.body()).contains("\"error\":\"not_ready\"").doesNotContain("Exception");

            gateway.gateway().context().getRouteController().resumeRoute("ingest-standard");
            assertThat(gateway.post(gateway.signed("standard").event("order.created").build()).statusCode())
                    .isEqualTo(202);
        }
    }
}
