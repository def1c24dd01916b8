package io.hooklane.bench;

/**
 * When the i-th request of an open loop is due: at {@code rate}/s, optionally after a linear ramp from
 * {@code rampFrom * rate} to {@code rate} over the first {@code rampSeconds}. The ramp lets a cold JVM compile its hot
 * paths at a rate it can keep up with, instead of building a backlog that the measurement window then measures.
 */
final class RateSchedule {

    private final double rate;
    private final double start;
    private final double rampSeconds;
    /** Requests due by the end of the ramp. */
    private final double rampRequests;

    RateSchedule(double rate, double rampSeconds, double rampFrom) {
        if (rate <= 0 || rampSeconds < 0 || rampFrom <= 0 || rampFrom > 1) {
            throw new IllegalArgumentException("rate > 0, ramp >= 0 s and 0 < ramp-from <= 1 needed");
        }
        this.rate = rate;
        this.start = rate * rampFrom;
        this.rampSeconds = rampSeconds;
        this.rampRequests = (start + rate) / 2 * rampSeconds;
    }

    /** Requests due in the first {@code seconds}. */
    long due(double seconds) {
        if (seconds <= 0) {
            return 0;
        }
        if (seconds >= rampSeconds) {
            return (long) (rampRequests + (seconds - rampSeconds) * rate);
        }
        return (long) (start * seconds + (rate - start) * seconds * seconds / (2 * rampSeconds));
    }

    /** Seconds after the start at which request {@code i} (from 0) is due. */
    double dueAt(long i) {
        if (i >= rampRequests) {
            return rampSeconds + (i - rampRequests) / rate;
        }
        double a = (rate - start) / (2 * rampSeconds);
        if (a == 0) {
            return i / start;
        }
        return (-start + Math.sqrt(start * start + 4 * a * i)) / (2 * a);
    }

    public static void main(String[] args) {
        RateSchedule s = new RateSchedule(1000, 60, 0.1);
        for (double t : new double[] {0, 1, 30, 59.999, 60, 61, 120}) {
            long n = s.due(t);
            System.out.printf("t=%.3f due=%d dueAt(due)=%.4f%n", t, n, s.dueAt(n));
        }
    }
}
