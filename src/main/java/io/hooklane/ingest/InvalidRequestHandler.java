package io.hooklane.ingest;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request that Vert.x could not parse (header block over the limit, request line too long, broken syntax)
 * with the same JSON error as every other refusal, and {@code Connection: close}. Vert.x 4.5's default handler closes
 * the connection after an empty 431/414/400 that does not say so: a keep-alive client (the JDK's, for one) puts the
 * connection back in its pool, and its next request on it fails with no response.
 */
public final class InvalidRequestHandler implements Handler<HttpServerRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(InvalidRequestHandler.class);

    private final int maxHeaderBytes;
    private final int maxRequestLineBytes;

    public InvalidRequestHandler(int maxHeaderBytes, int maxRequestLineBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxRequestLineBytes = maxRequestLineBytes;
    }

    @Override
    public void handle(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        HttpReply reply = reply(cause);
        LOG.debug("Refused an unparseable request: {} ({})", reply.status(), String.valueOf(cause));
        HttpServerResponse response = request.response();
        response.setStatusCode(reply.status())
                .putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close");
        response.end(reply.body()).onComplete(done -> request.connection().close());
    }

    HttpReply reply(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            return ErrorResponder.reply(RejectReason.HEADERS_TOO_LARGE,
                    "the request headers exceed " + maxHeaderBytes + " bytes", 0);
        }
        if (cause instanceof TooLongHttpLineException) {
            return ErrorResponder.reply(RejectReason.URI_TOO_LONG,
                    "the request line exceeds " + maxRequestLineBytes + " bytes", 0);
        }
        return ErrorResponder.reply(RejectReason.MALFORMED_REQUEST, "the request is not valid HTTP", 0);
    }
}
