package io.hooklane.ingest;

import java.time.Clock;

import io.hooklane.sender.SourceSigning;

/**
 * One source as the warm-up sees it: its ingest decision (verify, normalise, serialise) and how its webhooks are
 * signed, with its own secret and clock, so a synthetic webhook passes the same checks a real one does.
 *
 * @param squareNotificationUrl the URL a Square source signs instead of the request's, or null
 */
record WarmupSource(SourceIngest ingest, SourceSigning signing, String secret, String squareNotificationUrl,
                    Clock clock) {

    @Override
    public String toString() {
        return "WarmupSource[" + signing.source() + ", scheme " + signing.scheme() + "]";
    }
}
