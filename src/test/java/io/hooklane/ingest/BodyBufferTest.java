package io.hooklane.ingest;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BodyBufferTest {

    @Test
    void allocates_nothing_before_the_first_byte_whatever_the_announced_length() {
        PendingBodies pending = new PendingBodies(1 << 20);
        new BodyBuffer(pending, 5_000_000, 5_242_880);

        assertThat(pending.held()).isZero();
    }

    @Test
    void holds_at_most_twice_what_arrived_beyond_the_first_allocation() {
        PendingBodies pending = new PendingBodies(64L << 20);
        BodyBuffer body = new BodyBuffer(pending, 5_000_000, 5_242_880);

        for (int i = 0; i < 100; i++) {
            assertThat(body.append(Buffer.buffer(new byte[1000]))).isEqualTo(BodyBuffer.Append.OK);
            assertThat(pending.held()).isLessThanOrEqualTo(Math.max(BodyBuffer.INITIAL_CAPACITY, 2L * body.length()));
        }
    }

    @Test
    void a_body_with_a_content_length_ends_in_a_buffer_of_exactly_its_size() {
        PendingBodies pending = new PendingBodies(1 << 20);
        BodyBuffer body = new BodyBuffer(pending, 300, 5_242_880);
        body.append(Buffer.buffer(new byte[100]));
        body.append(Buffer.buffer(new byte[200]));

        assertThat(pending.held()).isEqualTo(300);
        assertThat(body.toByteArray()).hasSize(300);
    }

    @Test
    void refuses_past_the_source_limit_and_past_the_budget() {
        PendingBodies pending = new PendingBodies(15_000);
        BodyBuffer first = new BodyBuffer(pending, -1, 10_000);

        assertThat(first.append(Buffer.buffer(new byte[10_001]))).isEqualTo(BodyBuffer.Append.TOO_LARGE);
        assertThat(first.append(Buffer.buffer(new byte[8_000]))).isEqualTo(BodyBuffer.Append.OK);
        BodyBuffer second = new BodyBuffer(pending, -1, 10_000);
        assertThat(second.append(Buffer.buffer(new byte[8_000]))).isEqualTo(BodyBuffer.Append.BUSY);
        assertThat(pending.held()).isEqualTo(10_000);
    }

    @Test
    void gives_everything_back_once_and_takes_nothing_after() {
        PendingBodies pending = new PendingBodies(1 << 20);
        BodyBuffer body = new BodyBuffer(pending, -1, 5_242_880);
        body.append(Buffer.buffer(new byte[40_000]));

        body.release();
        body.release();

        assertThat(pending.held()).isZero();
        assertThat(body.append(Buffer.buffer(new byte[10]))).isEqualTo(BodyBuffer.Append.BUSY);
        assertThat(pending.held()).isZero();
    }

    @Test
    void the_budget_defaults_to_a_quarter_of_the_heap_and_must_take_one_largest_body() {
        assertThat(PendingBodies.configured(0, 5_242_880, 400L << 20).limit()).isEqualTo(100L << 20);
        assertThatThrownBy(() -> PendingBodies.configured(1_000, 5_242_880, 400L << 20))
                .hasMessageContaining("hooklane.ingest.max-pending-body-bytes").hasMessageContaining("1000");
        assertThatThrownBy(() -> PendingBodies.configured(-1, 5_242_880, 400L << 20))
                .hasMessageContaining("hooklane.ingest.max-pending-body-bytes");
        assertThatThrownBy(() -> PendingBodies.configured(1L << 40, 5_242_880, 400L << 20))
                .hasMessageContaining("maximum heap");
    }
}
