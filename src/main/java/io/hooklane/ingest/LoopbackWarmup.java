package io.hooklane.ingest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.hooklane.sender.SamplePayloads;
import io.hooklane.sender.SampleRequest;
import io.hooklane.sender.SampleRequests;
import io.netty.util.NetUtil;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;

/**
 * The second half of the start-up warm-up: synthetic webhooks sent to the gateway's own HTTP port over loopback, to
 * every source's real path, so the whole ingest path runs before readiness: the Vert.x server and the
 * {@code hooklane-ingest} consumer, the source's Camel route with its signature check and CloudEvent, the duplicate
 * lookup, the shared Kafka producer with acks=all and the 202. Each request carries this start's {@link WarmupPass}:
 * its CloudEvent goes to the warm-up topic, not the events topic; its random id is looked up but never recorded; it
 * is counted in no metric. A Vert.x client on the gateway's own Vert.x keeps {@code inFlight} requests in flight
 * until {@code webhooks} were answered or the time is up.
 */
final class LoopbackWarmup {

    /**
     * Distinct signed requests per source, at least; the run cycles through them (their ids are never recorded). Twice
     * the requests in flight at least, over all sources, so that no two copies of one are in flight together.
     */
    static final int DISTINCT_PER_SOURCE = 64;

    /** What a run did. */
    record Result(int sent, int answered, int accepted, String firstFailure, Duration took) {
    }

    /** Where the gateway's HTTP server listens, as a loopback client reaches it. */
    record Target(String host, int port, boolean tls) {
        String baseUrl() {
            return (tls ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private final CamelContext context;
    private final WarmupPass pass;
    private final int webhooks;
    private final int inFlight;

    LoopbackWarmup(CamelContext context, WarmupPass pass, int webhooks, int inFlight) {
        this.context = context;
        this.pass = pass;
        this.webhooks = webhooks;
        this.inFlight = Math.max(1, inFlight);
    }

    /** Runs until {@code webhooks} were answered or {@code deadline} (System.nanoTime) draws near. */
    Result run(long deadline) {
        long started = System.nanoTime();
        MainHttpServer server = context.hasService(MainHttpServer.class);
        if (server == null) {
            return new Result(0, 0, 0, "no HTTP server (camel.server.enabled)", Duration.ZERO);
        }
        VertxPlatformHttpServerConfiguration configuration = server.getConfiguration();
        String host = loopbackHost(configuration.getBindHost());
        if (host == null) {
            // only a loopback peer is admitted: anything else would be taken as a real webhook
            return new Result(0, 0, 0, "the HTTP server listens on " + configuration.getBindHost()
                    + ", not on a loopback or wildcard address", Duration.ZERO);
        }
        Target target = target(configuration, host);
        List<Request> requests = requests(target);
        if (requests.isEmpty()) {
            return new Result(0, 0, 0, "no source to warm up", Duration.ZERO);
        }
        // stop sending early enough for the requests in flight to end before the deadline
        long sendUntil = deadline - Math.min(TimeUnit.SECONDS.toNanos(1), Math.max(0, deadline - started) / 4);
        if (!awaitDedupReady(sendUntil)) {
            return new Result(0, 0, 0, "the duplicate index did not catch up with the ids topic in time",
                    Duration.ofNanos(System.nanoTime() - started));
        }
        Run run = new Run(target, requests, sendUntil);
        try {
            run.start();
            run.await(deadline);
        } finally {
            run.close();
        }
        return new Result(run.sent.get(), run.answered.get(), run.accepted.get(), run.firstFailure.get(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    private Target target(VertxPlatformHttpServerConfiguration configuration, String host) {
        boolean tls = configuration.getSslContextParameters() != null
                || configuration.isUseGlobalSslContextParameters() && context.getSSLContextParameters() != null;
        return new Target(host, IngestComponent.router(context).getServer().getPort(), tls);
    }

    /**
     * The literal loopback address at which a server bound to {@code bind} ({@code camel.server.host}) is reached,
     * or null when it does not listen on loopback. Every address (none, {@code 0.0.0.0}, {@code ::}) is reached at
     * 127.0.0.1. A host name is the operator's own setting, so it is resolved, as the server resolved it; only a name
     * whose address is loopback qualifies. (A peer's address, by contrast, is never resolved: {@link WarmupPass}.)
     */
    static String loopbackHost(String bind) {
        String host = bind == null ? "" : bind.strip().replace("[", "").replace("]", "");
        if (host.isEmpty()) {
            return "127.0.0.1";
        }
        try {
            byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
            InetAddress address = literal != null ? InetAddress.getByAddress(literal) : InetAddress.getByName(host);
            if (address.isAnyLocalAddress()) {
                return "127.0.0.1";
            }
            return address.isLoopbackAddress() ? address.getHostAddress() : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The duplicate index answers only once caught up with the ids topic (readiness waits for that too). */
    private boolean awaitDedupReady(long until) {
        DurableIds ids = context.getRegistry().lookupByNameAndType("ingestIds", DurableIds.class);
        while (ids != null && !ids.ready()) {
            if (System.nanoTime() >= until || !context.isStarted() || context.isStopping()) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Every source's signed samples, interleaved so that every source runs from the start. */
    private List<Request> requests(Target target) {
        List<IngestEndpoint> endpoints = context.getEndpoints().stream().filter(IngestEndpoint.class::isInstance)
                .map(IngestEndpoint.class::cast).filter(endpoint -> endpoint.getGate().warmupSource() != null).toList();
        if (endpoints.isEmpty()) {
            return List.of();
        }
        int distinct = Math.max(DISTINCT_PER_SOURCE, (2 * inFlight + endpoints.size() - 1) / endpoints.size());
        List<List<Request>> perSource = new ArrayList<>();
        endpoints.forEach(endpoint -> {
            WarmupSource source = endpoint.getGate().warmupSource();
            List<String> events = new ArrayList<>(SamplePayloads.events(source.signing().scheme()));
            List<Request> samples = new ArrayList<>();
            Supplier<String> ids = SampleRequests.randomIds();
            for (int i = 0; i < distinct && !events.isEmpty(); i++) {
                SampleRequest request = SampleRequests.build(source.signing(), events.get(i % events.size()),
                        source.secret(), target.baseUrl(), source.clock(), ids,
                        source.squareNotificationUrl());
                samples.add(new Request(endpoint.getPath(), request.headers(), request.body()));
            }
            perSource.add(samples);
        });
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < distinct; i++) {
            for (List<Request> samples : perSource) {
                if (i < samples.size()) {
                    requests.add(samples.get(i));
                }
            }
        }
        return requests;
    }

    /** One signed request; each send gets its own header map and buffer (Vert.x takes both over). */
    private record Request(String path, Map<String, String> headers, byte[] body) {
    }

    /** The client side: {@code inFlight} requests at a time over keep-alive connections, until done or time is up. */
    private final class Run {
        final Target target;
        final List<Request> requests;
        final long sendUntil;
        final HttpClient client;
        final String token = pass.token();
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger answered = new AtomicInteger();
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger pending = new AtomicInteger();
        final AtomicReference<String> firstFailure = new AtomicReference<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile boolean stopped;

        Run(Target target, List<Request> requests, long sendUntil) {
            this.target = target;
            this.requests = requests;
            this.sendUntil = sendUntil;
            Vertx vertx = IngestComponent.router(context).vertx();
            HttpClientOptions options = new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(inFlight)
                    .setConnectTimeout(2_000).setIdleTimeout(0);
            if (target.tls()) {
                // the gateway's own port over loopback: its certificate names its public host; nothing secret is sent
                options.setSsl(true).setTrustAll(true).setVerifyHost(false);
            }
            client = vertx.createHttpClient(options);
        }

        void start() {
            for (int i = 0; i < inFlight; i++) {
                next();
            }
        }

        private boolean mayGoOn() {
            return !stopped && System.nanoTime() < sendUntil && context.isStarted() && !context.isStopping()
                    // nothing gets through (client certificates required, the port not reachable): give up early
                    && !(accepted.get() == 0 && answered.get() + failed.get() >= 2L * inFlight);
        }

        private void next() {
            int number = sent.getAndIncrement();
            if (number >= webhooks || !mayGoOn()) {
                sent.decrementAndGet();
                if (pending.get() == 0) {
                    done.complete(null);
                }
                return;
            }
            pending.incrementAndGet();
            Request request = requests.get(number % requests.size());
            MultiMap headers = MultiMap.caseInsensitiveMultiMap();
            request.headers().forEach(headers::add);
            headers.add(WarmupPass.HEADER, token);
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(target.host())
                    .setPort(target.port()).setURI(request.path()).setHeaders(headers);
            client.request(options)
                    .compose(call -> call.send(Buffer.buffer(request.body())))
                    .compose(response -> response.body().map(body -> {
                        if (response.statusCode() != 202 && !stopped) {
                            firstFailure.compareAndSet(null, response.statusCode() + " " + abbreviated(body.toString()));
                        }
                        return response.statusCode();
                    }))
                    .onComplete(result -> {
                        if (!stopped) {
                            if (result.succeeded()) {
                                answered.incrementAndGet();
                                if (result.result() == 202) {
                                    accepted.incrementAndGet();
                                }
                            } else {
                                failed.incrementAndGet();
                                firstFailure.compareAndSet(null, String.valueOf(result.cause()));
                            }
                        }
                        pending.decrementAndGet();
                        next();
                    });
        }

        /** Waits for the run to end, at the latest until {@code until}; then whatever is in flight is abandoned. */
        void await(long until) {
            while (!done.isDone()) {
                long left = until - System.nanoTime();
                if (left <= 0 || context.isStopping() || !context.isStarted()) {
                    break;
                }
                try {
                    done.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    // check the context and the time again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (Exception e) {
                    break;
                }
            }
            stopped = true;
        }

        void close() {
            stopped = true;
            try {
                client.close().toCompletionStage().toCompletableFuture().get(1, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the client's connections go with the gateway's Vert.x at the latest
            }
        }
    }

    private static String abbreviated(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
