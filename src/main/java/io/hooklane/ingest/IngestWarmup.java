package io.hooklane.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.hooklane.sender.SamplePayloads;
import io.hooklane.sender.SampleRequest;
import io.hooklane.sender.SampleRequests;
import io.hooklane.verify.WebhookRequest;

/**
 * Runs synthetic webhooks through every source's ingest decision before the gateway says it is ready: signature
 * check on the raw bytes, normalisation to a CloudEvent and its serialisation, the code a first real webhook would
 * otherwise run interpreted. Nothing else: no HTTP, no metric, no dedup claim or record, no Kafka write. The
 * synthetic webhooks are signed with each source's own secret and carry the sample payloads of its scheme; their
 * ids come from {@link #ids()}, a fixed sequence, and never leave this class.
 */
public final class IngestWarmup {

    /** Distinct synthetic webhooks per source (signing each is part of the cost); the run cycles through them. */
    static final int DISTINCT_PER_SOURCE = 32;

    private final List<WarmupSource> sources;
    private final int webhooks;
    private final Duration budget;

    /**
     * @param webhooks how many synthetic webhooks in all (spread over the sources); 0 = none
     * @param budget the most time the run may take, whatever is left of {@code webhooks}
     */
    IngestWarmup(List<WarmupSource> sources, int webhooks, Duration budget) {
        this.sources = List.copyOf(sources);
        this.webhooks = webhooks;
        this.budget = budget;
    }

    /** What a run did. */
    public record Result(int sources, int webhooks, int refused, Duration took) {
    }

    /** The ids of the synthetic webhooks: {@code warmup0000000001}, ... (every run starts again at 1). */
    public static Supplier<String> ids() {
        AtomicLong next = new AtomicLong();
        return () -> String.format("warmup%010d", next.incrementAndGet());
    }

    public Result run() {
        long started = System.nanoTime();
        long deadline = started + budget.toNanos();
        List<Sample> samples = new ArrayList<>();
        for (WarmupSource source : sources) {
            samples.addAll(samples(source));
        }
        int done = 0;
        int refused = 0;
        while (!samples.isEmpty() && done < webhooks && System.nanoTime() < deadline) {
            Sample sample = samples.get(done % samples.size());
            try {
                sample.source().ingest().accept(sample.request());
            } catch (WebhookRejectedException e) {
                // a source whose own checks refuse the sample (a generic source reading fields elsewhere): its
                // verification still ran
                refused++;
            }
            done++;
        }
        return new Result(sources.size(), done, refused, Duration.ofNanos(System.nanoTime() - started));
    }

    private List<Sample> samples(WarmupSource source) {
        String scheme = source.signing().scheme();
        List<String> events = new ArrayList<>(SamplePayloads.events(scheme));
        List<Sample> samples = new ArrayList<>();
        if (events.isEmpty()) {
            return samples;
        }
        Supplier<String> ids = ids();
        for (int i = 0; i < DISTINCT_PER_SOURCE; i++) {
            SampleRequest request = SampleRequests.build(source.signing(), events.get(i % events.size()),
                    source.secret(), "http://127.0.0.1", source.clock(), ids, source.squareNotificationUrl());
            samples.add(new Sample(source, new WebhookRequest(source.signing().source(), request.headers(),
                    request.body(), request.url())));
        }
        return samples;
    }

    private record Sample(WarmupSource source, WebhookRequest request) {
    }
}
