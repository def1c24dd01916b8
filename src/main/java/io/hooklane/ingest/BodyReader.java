package io.hooklane.ingest;

import java.util.function.Consumer;
import java.util.function.Supplier;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one request's body into a {@link BodyBuffer} on the connection's event loop, within two deadlines: the first
 * byte must come within {@code firstByteMillis}, the whole body within {@code bodyMillis} (one timer, re-armed once).
 * Exactly one outcome: the body (the buffer is then the caller's to release), a refusal (too large, over the
 * gateway's budget, too slow: the buffer is already released), or a broken connection (released, nothing to answer).
 * A sender that asked for {@code Expect: 100-continue} is told to go on when reading starts, after the pre-body checks.
 */
final class BodyReader {

    private static final Logger LOG = LoggerFactory.getLogger(BodyReader.class);

    private final HttpServerRequest request;
    private final Vertx vertx;
    private final BodyBuffer body;
    private final long firstByteMillis;
    private final long bodyMillis;
    private final Consumer<BodyBuffer> onBody;
    private final Consumer<WebhookRejectedException> onRefused;
    private final Supplier<WebhookRejectedException> tooLarge;
    private boolean done;
    private boolean started;
    private long timer;

    BodyReader(HttpServerRequest request, Vertx vertx, BodyBuffer body, long firstByteMillis, long bodyMillis,
               Consumer<BodyBuffer> onBody, Consumer<WebhookRejectedException> onRefused,
               Supplier<WebhookRejectedException> tooLarge) {
        this.request = request;
        this.vertx = vertx;
        this.body = body;
        this.firstByteMillis = Math.min(firstByteMillis, bodyMillis);
        this.bodyMillis = bodyMillis;
        this.onBody = onBody;
        this.onRefused = onRefused;
        this.tooLarge = tooLarge;
    }

    void start() {
        timer = vertx.setTimer(firstByteMillis, id -> firstByteDeadline());
        request.exceptionHandler(this::broken);
        request.response().closeHandler(v -> broken(null));
        request.handler(chunk -> {
            if (done) {
                return;
            }
            started = true;
            switch (body.append(chunk)) {
                case OK -> { }
                case TOO_LARGE -> refuse(tooLarge.get());
                case BUSY -> refuse(new WebhookRejectedException(RejectReason.BUSY,
                        "the gateway is receiving as many webhook bodies as it may hold; retry later"));
            }
        });
        request.endHandler(v -> {
            if (!done) {
                done = true;
                vertx.cancelTimer(timer);
                onBody.accept(body);
            }
        });
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect")) && request.version() != HttpVersion.HTTP_1_0) {
            // the pre-body checks passed: a sender that waits for this sends its body now
            request.response().writeContinue();
        }
        request.resume();
    }

    private void firstByteDeadline() {
        if (done) {
            return;
        }
        long rest = bodyMillis - firstByteMillis;
        if (!started) {
            refuse(new WebhookRejectedException(RejectReason.REQUEST_TIMEOUT,
                    "the request body did not start within " + firstByteMillis + " ms"));
        } else if (rest <= 0) {
            bodyDeadline();
        } else {
            timer = vertx.setTimer(rest, id -> bodyDeadline());
        }
    }

    private void bodyDeadline() {
        if (!done) {
            refuse(new WebhookRejectedException(RejectReason.REQUEST_TIMEOUT,
                    "the request body did not arrive within " + bodyMillis + " ms"));
        }
    }

    private void refuse(WebhookRejectedException rejected) {
        finish(() -> onRefused.accept(rejected));
    }

    private void broken(Throwable error) {
        if (!done) {
            LOG.debug("Reading a webhook body failed: {}", error == null ? "connection closed" : error.toString());
            finish(() -> request.connection().close());
        }
    }

    private void finish(Runnable then) {
        done = true;
        vertx.cancelTimer(timer);
        body.release();
        then.run();
    }
}
