package io.hooklane.control;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.hooklane.kafka.EmbeddedKafka;
import io.hooklane.kafka.KafkaConnection;
import io.hooklane.kafka.Topics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The control topic on a broker of its own: a pause is applied once acknowledged; with the broker gone, nothing is. */
class ControlTopicTest {

    private record Applied(String destination, PauseState state, long offset) {
    }

    @Test
    void a_pause_that_cannot_be_written_changes_nothing() throws Exception {
        EmbeddedKafka broker = EmbeddedKafka.start(Files.createTempDirectory(Path.of("target"), "control-kafka-"), 0);
        List<Applied> followed = new CopyOnWriteArrayList<>();
        List<Applied> local = new CopyOnWriteArrayList<>();
        KafkaConnection kafka = KafkaConnection.plaintext(broker.bootstrapServers());
        ControlTopic topic = new ControlTopic("control", kafka, Duration.ofSeconds(1),
                (d, s, o) -> followed.add(new Applied(d, s, o)));
        Instant now = Instant.parse("2026-12-02T07:00:00Z");
        ClusterPauses pauses = new ClusterPauses(topic, (d, s, o) -> local.add(new Applied(d, s, o)), "gateway-a",
                Clock.fixed(now, ZoneOffset.UTC));
        try {
            Topics.ensure(kafka, Set.of("control"), 1, (short) 1,
                    Map.of("cleanup.policy", "compact"));
            topic.start();
            PauseState paused = pauses.set("crm", true);
            assertThat(paused).isEqualTo(new PauseState(true, "gateway-a", now));
            assertThat(local).containsExactly(new Applied("crm", paused, 0));
            await().atMost(Duration.ofSeconds(5)).until(() -> followed.contains(new Applied("crm", paused, 0)));

            broker.close();
            long started = System.nanoTime();
            assertThatThrownBy(() -> pauses.set("crm", false)).isInstanceOf(ControlTopic.UnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(local).hasSize(1);
        } finally {
            topic.stop();
            broker.close();
        }
    }

    @Test
    void a_pause_record_reads_back_as_written_and_anything_else_is_ignored() {
        PauseState state = new PauseState(true, "gateway-b", Instant.parse("2026-12-02T07:00:00.123Z"));
        assertThat(new String(state.toJson(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"paused\":true,\"by\":\"gateway-b\",\"at\":\"2026-12-02T07:00:00.123Z\"}");
        assertThat(PauseState.parse(state.toJson())).contains(state);
        assertThat(PauseState.parse("{\"paused\":\"yes\",\"by\":\"x\",\"at\":\"2026-12-02T07:00:00Z\"}".getBytes()))
                .isEmpty();
        assertThat(PauseState.parse("{\"paused\":true,\"by\":\"x\",\"at\":\"yesterday\"}".getBytes())).isEmpty();
        assertThat(PauseState.parse("{\"paused\":true,\"by\":\"x\\n2026 ERROR forged\",\"at\":\"2026-12-02T07:00:00Z\"}"
                .getBytes())).isEmpty();
        assertThat(PauseState.parse(new byte[PauseState.MAX_VALUE_BYTES + 1])).isEmpty();
        assertThat(PauseState.destinationOf("pause/crm")).contains("crm");
        assertThat(PauseState.destinationOf("other/crm")).isEmpty();
    }
}
