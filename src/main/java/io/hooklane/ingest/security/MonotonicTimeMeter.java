package io.hooklane.ingest.security;

import java.util.function.LongSupplier;

import io.github.bucket4j.TimeMeter;

/** Bucket4j's time for the rate limiters: a monotonic nanosecond clock ({@code System::nanoTime} outside tests). */
public final class MonotonicTimeMeter implements TimeMeter {

    private final LongSupplier nanoTime;

    public MonotonicTimeMeter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    @Override
    public long currentTimeNanos() {
        return nanoTime.getAsLong();
    }

    @Override
    public boolean isWallClockBased() {
        return false;
    }
}
