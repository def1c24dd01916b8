package io.hooklane.callback;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Reads a callback's body on the HTTP server up to {@code hooklane.callbacks.max-body-size} only: a larger one (by
 * its Content-Length, or once that much has arrived) is answered {@code 413 payload_too_large} and never held whole.
 * Installed on the platform-http router ahead of Camel's own body handler, which then has nothing left to read.
 */
public final class CallbackBodyLimit {

    public static final String PATH = "/callbacks/*";

    private CallbackBodyLimit() {
    }

    public static void install(Router router, int maxBodyBytes) {
        router.post(PATH).order(-1)
                .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes).setHandleFileUploads(false))
                .failureHandler(ctx -> {
                    if (ctx.statusCode() != 413 || ctx.response().ended()) {
                        ctx.next();
                        return;
                    }
                    ctx.response().setStatusCode(413).putHeader("Content-Type", "application/json")
                            .end(CallbackReceiver.error(CallbackRefusal.PAYLOAD_TOO_LARGE,
                                    CallbackReceiver.tooLarge(maxBodyBytes)));
                });
    }
}
