package io.hooklane.ingest;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InvalidRequestHandlerTest {

    private final InvalidRequestHandler handler = new InvalidRequestHandler(8192, 4096);

    @Test
    void headers_over_the_limit_are_431_headers_too_large_naming_the_limit() {
        HttpReply reply = handler.reply(new TooLongHttpHeaderException("HTTP header is larger than 8192 bytes."));

        assertThat(reply.status()).isEqualTo(431);
        assertThat(reply.body()).contains("\"error\":\"headers_too_large\"").contains("8192 bytes");
    }

    @Test
    void a_request_line_over_the_limit_is_414_uri_too_long() {
        HttpReply reply = handler.reply(new TooLongHttpLineException("An HTTP line is larger than 4096 bytes."));

        assertThat(reply.status()).isEqualTo(414);
        assertThat(reply.body()).contains("\"error\":\"uri_too_long\"").contains("4096 bytes");
    }

    @Test
    void anything_else_vert_x_cannot_parse_is_400_malformed_request_without_echoing_the_cause() {
        HttpReply reply = handler.reply(new IllegalArgumentException("invalid header name: secret-ish\u0000"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("\"error\":\"malformed_request\"").doesNotContain("secret-ish");
    }
}
