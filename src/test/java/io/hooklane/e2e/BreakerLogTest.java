package io.hooklane.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A destination's circuit breaker says in the log when it changes state, and a retry says when it is really due. */
class BreakerLogTest {

    private static final Pattern OPENED = Pattern.compile(
            "WARN \\S+ Circuit breaker of crm: closed -> open; its events wait in Kafka, next probe at (\\S+)");
    private static final Pattern RETRY_AT_PROBE = Pattern.compile(
            "INFO \\S+ Delivery \\S+ to crm failed \\(HTTP 503[^)]*\\), attempt \\d+: retrying at (\\S+), when the open"
                    + " circuit breaker lets a probe through");

    @Test
    void logs_each_breaker_transition_once_and_a_retry_during_an_open_breaker_is_due_at_its_probe() {
        try (TestReceiver receiver = new TestReceiver()) {
            Map<String, String> config = new HashMap<>(TestGateway.fastDelivery(receiver));
            // two failed calls open the breaker for 3 s; a retry's backoff is at most 200 ms
            config.put("hooklane.delivery.sliding-window-size", "2");
            config.put("hooklane.delivery.minimum-calls", "2");
            config.put("hooklane.delivery.open-wait-millis", "3000");
            config.put("hooklane.delivery.initial-backoff-millis", "100");
            config.put("hooklane.delivery.max-backoff-millis", "200");
            receiver.answer("crm", r -> TestReceiver.Answer.of(503));
            try (TestGateway gateway = TestGateway.start(TestKafka.bootstrapServers(), config);
                 LogCapture log = new LogCapture()) {
                String id = DeliveryEndToEndTest.accepted(gateway,
                        gateway.signed("standard").event("customer.created").build());
                await().atMost(Duration.ofSeconds(20)).until(() -> RETRY_AT_PROBE.matcher(log.text()).find());
                receiver.answer("crm", r -> TestReceiver.Answer.of(200));
                await().atMost(Duration.ofSeconds(20)).until(() -> receiver.forEvent(id).stream()
                        .anyMatch(r -> r.answered() == 200));
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> log.text().contains("INFO io.hooklane.deliver.BreakerTransitions Circuit breaker"
                                + " of crm: half_open -> closed"));

                String text = log.text();
                // LogCapture may see a line through more than one logger config: a transition is one probe time
                List<String> opened = OPENED.matcher(text).results().map(m -> m.group(1)).distinct().toList();
                assertThat(opened).as(text).hasSize(1);
                Matcher retry = RETRY_AT_PROBE.matcher(text);
                assertThat(retry.find()).isTrue();
                // the retry is due when the breaker lets its probe through, not when its 200 ms backoff ends
                assertThat(retry.group(1)).isEqualTo(opened.get(0));
                assertThat(text).contains("Circuit breaker of crm: open -> half_open");
                Instant probe = Instant.parse(opened.get(0));
                Instant delivered = receiver.forEvent(id).stream().filter(r -> r.answered() == 200)
                        .findFirst().orElseThrow().at();
                assertThat(delivered).isAfterOrEqualTo(probe.minusMillis(50));
            }
        }
    }
}
