package io.hooklane.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnknownSourceHandlerTest {

    @Test
    void answers_404_for_a_source_nobody_configured() {
        assertThat(UnknownSourceHandler.reason(false, true)).isEqualTo(RejectReason.UNKNOWN_SOURCE);
        assertThat(RejectReason.UNKNOWN_SOURCE.status()).isEqualTo(404);
    }

    @Test
    void answers_405_for_another_method_on_a_known_source() {
        assertThat(UnknownSourceHandler.reason(true, false)).isEqualTo(RejectReason.METHOD_NOT_ALLOWED);
    }

    @Test
    void answers_503_not_ready_for_a_post_to_a_known_source_whose_route_is_not_serving() {
        assertThat(UnknownSourceHandler.reason(true, true)).isEqualTo(RejectReason.NOT_READY);
        assertThat(RejectReason.NOT_READY.status()).isEqualTo(503);
        assertThat(RejectReason.NOT_READY.code()).isEqualTo("not_ready");
    }
}
