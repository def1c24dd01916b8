package io.hooklane.deliver;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayStatesTest {

    private static final Instant NOW = Instant.parse("2026-12-02T07:00:00Z");
    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private final ReplayStates states = new ReplayStates(producer, "hooklane.deadletter-state",
            "hooklane.deadletter.crm", Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void a_delivered_replay_records_its_entry_delivered() {
        states.delivered(record("hooklane.deadletter.crm/2-41"));

        assertThat(producer.history()).hasSize(1);
        assertThat(producer.history().get(0).topic()).isEqualTo("hooklane.deadletter-state");
        assertThat(new String(producer.history().get(0).key(), StandardCharsets.UTF_8))
                .isEqualTo("hooklane.deadletter.crm/2-41");
        DeadLetterState state = DeadLetterState.parse(producer.history().get(0).value());
        assertThat(state).isEqualTo(new DeadLetterState(DeadLetterState.State.DELIVERED, NOW, "delivery"));
    }

    @Test
    void a_record_naming_another_destinations_entry_or_no_entry_closes_nothing() {
        states.delivered(record("hooklane.deadletter.pricing/2-41"));
        states.delivered(record("hooklane.deadletter.routing/0-1"));
        states.delivered(record("hooklane.deadletter.crm/not-an-entry"));
        states.delivered(record(null));

        assertThat(producer.history()).isEmpty();
    }

    @Test
    void a_state_reads_back_as_written_and_anything_else_reads_as_none() {
        DeadLetterState written = new DeadLetterState(DeadLetterState.State.DISCARDED, NOW, "admin-api");

        assertThat(DeadLetterState.parse(written.toJson())).isEqualTo(written);
        assertThat(DeadLetterState.parse(null)).isNull();
        assertThat(DeadLetterState.parse("{\"state\":\"lost\"}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(DeadLetterState.parse("garbage".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(DeadLetterState.key("hooklane.deadletter.crm", 3, 7)).isEqualTo("hooklane.deadletter.crm/3-7");
    }

    private static ConsumerRecord<byte[], byte[]> record(String replayedFrom) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("hooklane.deliver.crm", 0, 5L, new byte[0],
                "{}".getBytes(StandardCharsets.UTF_8));
        if (replayedFrom != null) {
            record.headers().add(DeadLetterState.REPLAYED_FROM, replayedFrom.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }
}
