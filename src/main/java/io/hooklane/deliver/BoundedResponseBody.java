package io.hooklane.deliver;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/**
 * How a destination's answer body is read: at most {@code maxBytes} are kept (the rest is read and dropped, so a
 * receiver cannot make the gateway hold a large body), and a body still arriving after the attempt's deadline
 * ({@code System.nanoTime()} past {@code deadlineNanos}) fails the response, which closes the connection: a receiver
 * trickling its answer cannot hold a connection past the deadline.
 */
final class BoundedResponseBody implements BodyCodec<Buffer> {

    private final int maxBytes;
    private final long deadlineNanos;

    BoundedResponseBody(int maxBytes, long deadlineNanos) {
        this.maxBytes = maxBytes;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public void create(Handler<AsyncResult<BodyStream<Buffer>>> callback) {
        callback.handle(Future.succeededFuture(new Stream()));
    }

    private final class Stream implements BodyStream<Buffer> {

        private final Buffer kept = Buffer.buffer();
        private final Promise<Buffer> result = Promise.promise();

        @Override
        public Future<Buffer> result() {
            return result.future();
        }

        @Override
        public void handle(Throwable failure) {
            result.tryFail(failure);
        }

        @Override
        public Future<Void> write(Buffer data) {
            if (System.nanoTime() - deadlineNanos > 0) {
                AttemptTimeoutException late = new AttemptTimeoutException();
                result.tryFail(late);
                return Future.failedFuture(late);
            }
            int room = maxBytes - kept.length();
            if (room > 0) {
                kept.appendBuffer(data.length() <= room ? data : data.getBuffer(0, room));
            }
            return Future.succeededFuture();
        }

        @Override
        public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
            Future<Void> written = write(data);
            if (handler != null) {
                handler.handle(written);
            }
        }

        @Override
        public void end(Handler<AsyncResult<Void>> handler) {
            result.tryComplete(kept);
            if (handler != null) {
                handler.handle(Future.succeededFuture());
            }
        }

        @Override
        public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
            return this;
        }
    }

    /** The answer was still arriving at the attempt's deadline. */
    static final class AttemptTimeoutException extends java.util.concurrent.TimeoutException {
        AttemptTimeoutException() {
            super("the answer was still arriving at the attempt's deadline");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
