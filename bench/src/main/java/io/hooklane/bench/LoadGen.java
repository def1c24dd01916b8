package io.hooklane.bench;

import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient.Version;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.Histogram;

/**
 * The load generator: signed webhooks over HTTP/1.1 keep-alive to 127.0.0.1, closed-loop (a fixed number of
 * connections, each sending its next request when the previous answer arrives) or open-loop (a fixed rate; latency
 * measured from each request's intended send time, so a stalled server is charged for the requests it delayed:
 * no coordinated omission). Bounded by time (warm-up + measurement) and by a maximum request count.
 *
 * <pre>
 * java -cp ... io.hooklane.bench.LoadGen --port 8080 --mode closed --connections 64 --warmup 30 --duration 60
 * java -cp ... io.hooklane.bench.LoadGen --port 8080 --mode open --rate 1000 --connections 64 ...
 * </pre>
 * Secrets from the gateway's environment variables (STANDARD_WEBHOOKS_SECRET, STRIPE_WEBHOOK_SECRET,
 * SHOPIFY_WEBHOOK_SECRET). Only a loopback host is accepted.
 */
public final class LoadGen {

    static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(120);

    // options
    String host = "127.0.0.1";
    int port = 8080;
    String mode = "closed";
    String client = "vertx";
    int connections = 64;
    double rate = 1000;
    int threads = 1;
    double warmupSeconds = 30;
    /** Open loop: the rate climbs linearly from rampFrom * rate to rate over the first rampSeconds (0: no ramp). */
    double rampSeconds = 0;
    double rampFrom = 0.1;
    double durationSeconds = 60;
    long maxRequests = 50_000_000L;
    int largeEvery = 4;
    int timeoutMillis = 30_000;
    int maxInFlight = 20_000;
    String label = "";
    String target = "";
    long serverPid = -1;
    long brokerPid = -1;
    Path out;
    /** When > 0: also receive the gateway's deliveries on this port and measure end-to-end latency. */
    int receiverPort = -1;
    double drainSeconds = 60;
    /** Only these event types (--events order.created,...); null: all. */
    java.util.Set<String> events;
    /** The receiver answers failStatus on /failPath from failFrom to failFrom + failFor seconds after the start. */
    String failPath;
    double failFromSeconds;
    double failForSeconds;
    int failStatus = 503;
    /** When &gt;= 0: the outage hits only deliveries of this subject (--fail-subject), on every path. */
    int failSubject = -1;
    /** Per-subject keys: Standard Webhooks events whose subject is one of this many (0: every event its own). */
    int subjects;
    /** The receiver answers each delivery this long after it arrived (a slow agent); 0: at once. */
    long receiverDelayMillis;
    /**
     * The protocols scenario: the agent one destination calls, answering at once. {@code http}: the receiver's path
     * {@link #agentDestination} answers a JSON decision (the gateway's replies); {@code mcp}, {@code mcp-stateless}:
     * an MCP server of the official SDK on {@link #agentPort}; {@code a2a}, {@code a2a-push}: an A2A 1.0 agent there
     * (see {@link AgentServers}). Every call it receives counts as a delivery to {@link #agentDestination}.
     */
    String agent;
    int agentPort = -1;
    String agentDestination = "support-agent";
    String agentTool = "handle_commerce_event";
    AgentServers.Mcp mcpAgent;
    AgentServers.A2a a2aAgent;
    /** Time series: every sampleEvery seconds one CSV row (see {@link Sampler}). */
    double sampleEverySeconds;
    Path sampleCsv;
    String metricsUrl;
    String bootstrap;
    /** After the load, split each end-to-end latency into its hops from the topics' record times (--hops). */
    boolean hops;
    /** Consumer-group lags to sample: name:group:topic. */
    final List<String> lags = new ArrayList<>();
    /** Receiver paths with their own columns in the time series. */
    final List<String> destinations = new ArrayList<>();
    Sampler sampler;
    /** Before the measured load: the same load for prewarmSeconds against prewarmPort (this JVM's JIT warmed). */
    int prewarmPort = -1;
    double prewarmSeconds;
    /** Created when the prewarm is over (the caller then starts the target). */
    Path prewarmedFile;
    /** The measured load starts when this URL answers 200 or 202 (polled every 0.1 s), at most readyWaitSeconds. */
    String readyUrl;
    double readyWaitSeconds = 180;
    /** The target's pid, written by the caller once it started it (read while waiting for readiness). */
    Path serverPidFile;
    /** Written to --out beside the run's own figures (prewarm and readiness). */
    final Properties extra = new Properties();

    // every phase: cumulative counts and interval latencies for the time series
    final java.util.concurrent.atomic.AtomicLong sentAll = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong ackedAll = new java.util.concurrent.atomic.AtomicLong();
    final org.HdrHistogram.Recorder ackInterval = new org.HdrHistogram.Recorder(HIGHEST_NANOS, 2);

    // end-to-end: per request of the whole run, its intended send time, its 202 and its deliveries; and the receiver
    final RequestLedger ledger = new RequestLedger();
    /** The run's nonce: the first 6 hex digits of every token (a delivery with another is not this run's). */
    long runNonce;
    Receiver receiver;

    // timeline (System.nanoTime)
    long startNanos;
    long measureStartNanos;
    long endNanos;

    /** Per-thread results, merged at the end. */
    static final class Stats {
        final Histogram latency = new Histogram(HIGHEST_NANOS, 3);
        long sentTotal;
        long acceptedTotal;
        long sent;
        long accepted;
        long errors;
        long errorsTotal;
        long skipped;
        final Map<Integer, Long> otherStatuses = new TreeMap<>();
        final Map<String, Long> errorKinds = new TreeMap<>();

        void merge(Stats o) {
            latency.add(o.latency);
            sentTotal += o.sentTotal;
            acceptedTotal += o.acceptedTotal;
            sent += o.sent;
            accepted += o.accepted;
            errors += o.errors;
            errorsTotal += o.errorsTotal;
            skipped += o.skipped;
            o.otherStatuses.forEach((k, v) -> otherStatuses.merge(k, v, Long::sum));
            o.errorKinds.forEach((k, v) -> errorKinds.merge(k, v, Long::sum));
        }

        /** A request issued (intended) at {@code issued} finished at {@code done} with status (or -1: error). */
        void record(LoadGen g, long issued, long done, int status, Throwable error) {
            boolean measured = issued >= g.measureStartNanos && issued < g.endNanos;
            if (status == 202) {
                acceptedTotal++;
                g.ackedAll.incrementAndGet();
                g.ackInterval.recordValue(Math.min(HIGHEST_NANOS, Math.max(0, done - issued)));
            }
            if (status < 0) {
                errorsTotal++;
            }
            if (!measured) {
                return;
            }
            if (status == 202) {
                accepted++;
                latency.recordValue(Math.min(HIGHEST_NANOS, Math.max(0, done - issued)));
            } else if (status < 0) {
                errors++;
                String kind = error == null ? "unknown" : error.getClass().getSimpleName();
                errorKinds.merge(kind, 1L, Long::sum);
            } else {
                otherStatuses.merge(status, 1L, Long::sum);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        LoadGen g = new LoadGen();
        g.parse(args);
        if (g.prewarmSeconds > 0) {
            g.prewarm();
        }
        if (g.readyUrl != null && !g.awaitReady()) {
            System.exit(3);
        }
        System.exit(g.run());
    }

    void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--host": host = v; i++; break;
                case "--port": port = Integer.parseInt(v); i++; break;
                case "--mode": mode = v; i++; break;
                case "--client": client = v; i++; break;
                case "--connections": connections = Integer.parseInt(v); i++; break;
                case "--rate": rate = Double.parseDouble(v); i++; break;
                case "--threads": threads = Integer.parseInt(v); i++; break;
                case "--warmup": warmupSeconds = Double.parseDouble(v); i++; break;
                case "--ramp": rampSeconds = Double.parseDouble(v); i++; break;
                case "--ramp-from": rampFrom = Double.parseDouble(v); i++; break;
                case "--duration": durationSeconds = Double.parseDouble(v); i++; break;
                case "--max-requests": maxRequests = Long.parseLong(v); i++; break;
                case "--large-every": largeEvery = Integer.parseInt(v); i++; break;
                case "--timeout-ms": timeoutMillis = Integer.parseInt(v); i++; break;
                case "--max-in-flight": maxInFlight = Integer.parseInt(v); i++; break;
                case "--label": label = v; i++; break;
                case "--target": target = v; i++; break;
                case "--server-pid": serverPid = Long.parseLong(v); i++; break;
                case "--broker-pid": brokerPid = Long.parseLong(v); i++; break;
                case "--out": out = Path.of(v); i++; break;
                case "--receiver-port": receiverPort = Integer.parseInt(v); i++; break;
                case "--drain": drainSeconds = Double.parseDouble(v); i++; break;
                case "--events": events = new java.util.LinkedHashSet<>(List.of(v.split(","))); i++; break;
                case "--fail-path": failPath = v; i++; break;
                case "--fail-from": failFromSeconds = Double.parseDouble(v); i++; break;
                case "--fail-for": failForSeconds = Double.parseDouble(v); i++; break;
                case "--fail-status": failStatus = Integer.parseInt(v); i++; break;
                case "--fail-subject": failSubject = Integer.parseInt(v); i++; break;
                case "--subjects": subjects = Integer.parseInt(v); i++; break;
                case "--receiver-delay-ms": receiverDelayMillis = Long.parseLong(v); i++; break;
                case "--sample-every": sampleEverySeconds = Double.parseDouble(v); i++; break;
                case "--sample-csv": sampleCsv = Path.of(v); i++; break;
                case "--metrics-url": metricsUrl = v; i++; break;
                case "--bootstrap": bootstrap = v; i++; break;
                case "--lag": lags.add(v); i++; break;
                case "--hops": hops = true; break;
                case "--destinations": destinations.addAll(List.of(v.split(","))); i++; break;
                case "--agent": agent = v; i++; break;
                case "--agent-port": agentPort = Integer.parseInt(v); i++; break;
                case "--agent-destination": agentDestination = v; i++; break;
                case "--agent-tool": agentTool = v; i++; break;
                case "--prewarm-port": prewarmPort = Integer.parseInt(v); i++; break;
                case "--prewarm-seconds": prewarmSeconds = Double.parseDouble(v); i++; break;
                case "--prewarmed-file": prewarmedFile = Path.of(v); i++; break;
                case "--ready-url": readyUrl = v; i++; break;
                case "--ready-wait": readyWaitSeconds = Double.parseDouble(v); i++; break;
                case "--server-pid-file": serverPidFile = Path.of(v); i++; break;
                default: throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
            throw new IllegalArgumentException("the load generator only targets the loopback interface, not " + host);
        }
        if (!mode.equals("closed") && !mode.equals("open")) {
            throw new IllegalArgumentException("--mode closed|open");
        }
        if (durationSeconds <= 0 || durationSeconds > 3600 || warmupSeconds < 0 || warmupSeconds > 3600) {
            throw new IllegalArgumentException("--warmup and --duration must be within 0..3600 s");
        }
        if (rampSeconds < 0 || rampSeconds > warmupSeconds || rampFrom <= 0 || rampFrom > 1) {
            throw new IllegalArgumentException("--ramp must be within 0..--warmup s (the window measures the full rate)"
                    + " and --ramp-from within (0, 1], not " + rampSeconds + " and " + rampFrom);
        }
        if (connections < 1 || connections > 4096 || threads < 1 || threads > 64) {
            throw new IllegalArgumentException("--connections 1..4096, --threads 1..64");
        }
        if (drainSeconds < 0 || drainSeconds > 7200 || failFromSeconds < 0 || failForSeconds < 0
                || failFromSeconds + failForSeconds > 7200) {
            throw new IllegalArgumentException("--drain, --fail-from + --fail-for must be within 0..7200 s");
        }
        if (metricsUrl != null && !metricsUrl.startsWith("http://127.0.0.1:") && !metricsUrl.startsWith("http://localhost:")) {
            throw new IllegalArgumentException("--metrics-url must be on the loopback interface");
        }
        if (bootstrap != null && !bootstrap.startsWith("127.0.0.1:") && !bootstrap.startsWith("localhost:")) {
            throw new IllegalArgumentException("--bootstrap must be on the loopback interface");
        }
        if (hops && (bootstrap == null || receiverPort <= 0 || destinations.isEmpty())) {
            throw new IllegalArgumentException("--hops needs --bootstrap, --receiver-port and --destinations");
        }
        if (receiverDelayMillis < 0 || receiverDelayMillis > 600_000) {
            throw new IllegalArgumentException("--receiver-delay-ms must be within 0..600000");
        }
        if (failSubject >= 0 && (subjects <= 0 || failSubject >= subjects || failPath != null)) {
            throw new IllegalArgumentException("--fail-subject needs --subjects above it and no --fail-path");
        }
        if (agent != null) {
            if (!List.of("http", "mcp", "mcp-stateless", "a2a", "a2a-push").contains(agent)) {
                throw new IllegalArgumentException("--agent http|mcp|mcp-stateless|a2a|a2a-push, not " + agent);
            }
            if (receiverPort <= 0 || !agent.equals("http") && (agentPort <= 0 || agentPort > 65535)) {
                throw new IllegalArgumentException("--agent needs --receiver-port, and --agent-port unless it is http");
            }
            if (receiverDelayMillis > 0 || failPath != null || failSubject >= 0) {
                throw new IllegalArgumentException("--agent answers at once: no --receiver-delay-ms or outage");
            }
        }
        if (prewarmSeconds < 0 || prewarmSeconds > 3600 || (prewarmSeconds > 0 && prewarmPort <= 0)) {
            throw new IllegalArgumentException("--prewarm-seconds must be within 0..3600 and needs --prewarm-port");
        }
        if (readyUrl != null && !readyUrl.startsWith("http://127.0.0.1:") && !readyUrl.startsWith("http://localhost:")) {
            throw new IllegalArgumentException("--ready-url must be on the loopback interface");
        }
        if (readyWaitSeconds <= 0 || readyWaitSeconds > 3600) {
            throw new IllegalArgumentException("--ready-wait must be within (0, 3600] s");
        }
        if (sampleCsv != null && sampleEverySeconds <= 0) {
            sampleEverySeconds = 5;
        }
    }

    Map<String, String> secrets() {
        Map<String, String> s = new HashMap<>();
        s.put("standard", System.getenv("STANDARD_WEBHOOKS_SECRET"));
        s.put("stripe", System.getenv("STRIPE_WEBHOOK_SECRET"));
        s.put("shopify", System.getenv("SHOPIFY_WEBHOOK_SECRET"));
        return s;
    }

    int run() throws Exception {
        long nonce = ThreadLocalRandom.current().nextLong();
        runNonce = nonce;
        Payloads probe = new Payloads(secrets(), nonce, largeEvery, events, subjects);
        String what = mode.equals("closed") ? "closed-loop, " + connections + " connections"
                : "open-loop, " + rate + " req/s over up to " + connections + " connections"
                        + (rampSeconds > 0 ? String.format(", ramp from %.0f/s over the first %.0f s", rate * rampFrom,
                                rampSeconds) : "");
        System.out.printf("loadgen [%s] %s -> http://%s:%d/webhooks/{standard,stripe,shopify}, %s client, %d thread(s)%n",
                label, what, host, port, client, threads);
        System.out.printf("loadgen [%s] %s; warm-up %.0f s, measure %.0f s, at most %d requests%n",
                label, probe.describe(), warmupSeconds, durationSeconds, maxRequests);

        if (failPath != null || failSubject >= 0) {
            System.out.printf("loadgen [%s] the receiver answers %d %s from %.0f s to %.0f s after the start%n",
                    label, failStatus, failPath != null ? "on /" + failPath : "to subject " + failSubject,
                    failFromSeconds, failFromSeconds + failForSeconds);
        }
        if (subjects > 0 || receiverDelayMillis > 0) {
            System.out.printf("loadgen [%s] %d subjects (Kafka keys, in turn); the receiver answers %d ms after each"
                    + " delivery arrives%n", label, subjects, receiverDelayMillis);
        }
        // the MCP agent (Tomcat and the SDK) takes seconds to start, on a busy machine tens of seconds: before the
        // clock of the load starts, else the warm-up and the window pass without a request (its calls only come with
        // the load, when the receiver is up)
        AgentServers.Sink agentSink = (body, at) -> receiver.agentCall(agentDestination, body, at);
        if (agent != null && agent.startsWith("mcp")) {
            mcpAgent = new AgentServers.Mcp(agentPort, agent.equals("mcp-stateless"), agentTool, nonce, agentSink);
        }
        boolean a2a = agent != null && agent.startsWith("a2a");
        // the client's event loops and the workers' rendered bodies exist before the clock starts, so the first due
        // requests are not charged with this JVM's own set-up (seconds in a cold JVM on a busy machine)
        Vertx vertx = client.equals("vertx") ? Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(threads + (receiverPort > 0 ? 1 : 0) + (a2a ? 1 : 0))
                .setWorkerPoolSize(1).setInternalBlockingPoolSize(1)) : null;
        List<Payloads> workerPayloads = new ArrayList<>();
        for (int t = 0; vertx != null && t < threads; t++) {
            workerPayloads.add(new Payloads(secrets(), nonce, largeEvery, events, subjects));
        }
        startNanos = System.nanoTime();
        measureStartNanos = startNanos + (long) (warmupSeconds * 1e9);
        endNanos = measureStartNanos + (long) (durationSeconds * 1e9);
        if (sampleCsv != null) {
            sampler = new Sampler(this);
            sampler.start();
        }

        List<Stats> all = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(threads);
        Runnable[] stopper = new Runnable[1];
        if (vertx != null) {
            if (receiverPort > 0) {
                receiver = new Receiver(this);
                vertx.deployVerticle(receiver).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            if (agent != null) {
                if (a2a) {
                    a2aAgent = new AgentServers.A2a(agentPort, agent.equals("a2a-push"), nonce, agentSink);
                    vertx.deployVerticle(a2aAgent).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                }
                System.out.printf("loadgen [%s] agent %s: %s, answering at once; its calls count as deliveries to"
                        + " /%s%n", label, agent, switch (agent) {
                            case "http" -> "the receiver's /" + agentDestination + " answers a JSON decision";
                            case "mcp" -> "MCP server (official SDK, session-based Streamable HTTP) at http://127.0.0.1:"
                                    + agentPort + "/mcp, tool " + agentTool;
                            case "mcp-stateless" -> "MCP server (official SDK, stateless Streamable HTTP) at"
                                    + " http://127.0.0.1:" + agentPort + "/mcp, tool " + agentTool;
                            case "a2a" -> "A2A 1.0 agent at http://127.0.0.1:" + agentPort
                                    + ", SendMessage answered with a completed task";
                            default -> "A2A 1.0 agent at http://127.0.0.1:" + agentPort
                                    + ", SendMessage answered with a working task, completion pushed, then GetTask";
                        }, agentDestination);
            }
            for (int t = 0; t < threads; t++) {
                Stats stats = new Stats();
                all.add(stats);
                int conns = share(connections, t);
                double r = rate / threads;
                vertx.deployVerticle(new VertxWorker(this, stats, workerPayloads.get(t), conns, r,
                        maxRequests / threads, done), new DeploymentOptions());
            }
            stopper[0] = () -> vertx.close().toCompletionStage().toCompletableFuture().join();
        } else if (client.equals("jdk")) {
            if (!mode.equals("closed")) {
                throw new IllegalArgumentException("--client jdk supports --mode closed only");
            }
            threads = 1;
            Stats stats = new Stats();
            all.add(stats);
            JdkWorker w = new JdkWorker(this, stats, new Payloads(secrets(), nonce, largeEvery, events, subjects), done);
            w.start();
            stopper[0] = w::close;
        } else {
            throw new IllegalArgumentException("--client vertx|jdk");
        }

        // CPU of the server and of this generator over the measurement window
        sleepUntil(measureStartNanos);
        long serverCpu0 = cpuTicks(serverPid);
        long brokerCpu0 = cpuTicks(brokerPid);
        long machine0 = machineBusyTicks();
        long selfCpu0 = selfCpuNanos();
        sleepUntil(endNanos);
        long serverCpu1 = cpuTicks(serverPid);
        long brokerCpu1 = cpuTicks(brokerPid);
        long machine1 = machineBusyTicks();
        long selfCpu1 = selfCpuNanos();
        long serverRss = rssKb(serverPid);
        long windowDeliveries = receiver == null ? 0 : receiver.windowDeliveries();
        boolean finished = done.await(timeoutMillis + 15_000L, TimeUnit.MILLISECONDS);
        boolean drained = true;
        if (receiver != null) {
            // deliveries trail the 202s: wait until they stop arriving and, when lags are sampled, until every sampled
            // queue is empty (bounded), then stop the receiver with the rest
            long drainEnd = System.nanoTime() + (long) (drainSeconds * 1e9);
            while (System.nanoTime() < drainEnd
                    && (receiver.lastDelivery.get() == 0 || System.nanoTime() - receiver.lastDelivery.get() < 3_000_000_000L
                        || (sampler != null && !lags.isEmpty() && sampler.lastLagTotal() != 0))) {
                Thread.sleep(200); // polling a bench's own progress; nothing else to wait on
            }
            drained = System.nanoTime() < drainEnd;
        }
        if (sampler != null) {
            sampler.stop();
        }
        long agentPushFailures = a2aAgent == null ? 0 : a2aAgent.pushFailures();
        stopper[0].run();
        if (mcpAgent != null) {
            mcpAgent.close();
        }

        Stats total = new Stats();
        synchronized (this) {
            all.forEach(total::merge);
        }
        double seconds = durationSeconds;
        double throughput = total.accepted / seconds;
        Histogram h = total.latency;
        long other = total.otherStatuses.values().stream().mapToLong(Long::longValue).sum();
        double serverCpuSeconds = serverCpu0 < 0 ? -1 : (serverCpu1 - serverCpu0) / 100.0;
        double selfCpuSeconds = (selfCpu1 - selfCpu0) / 1e9;
        double brokerCpuSeconds = brokerCpu0 < 0 ? 0 : (brokerCpu1 - brokerCpu0) / 100.0;
        double machineSeconds = machine0 < 0 ? -1 : (machine1 - machine0) / 100.0;
        // whatever else ran on the machine meanwhile (other builds, tests): large values spoil the figures
        double otherCpuSeconds = machineSeconds < 0 ? -1
                : Math.max(0, machineSeconds - Math.max(0, serverCpuSeconds) - brokerCpuSeconds - selfCpuSeconds);

        Properties p = new Properties();
        p.setProperty("label", label);
        p.setProperty("target", target);
        p.setProperty("mode", mode);
        p.setProperty("client", client);
        p.setProperty("connections", Integer.toString(connections));
        p.setProperty("rate", mode.equals("open") ? Double.toString(rate) : "");
        p.setProperty("warmup_s", Double.toString(warmupSeconds));
        p.setProperty("ramp_s", Double.toString(rampSeconds));
        p.setProperty("measure_s", Double.toString(seconds));
        p.setProperty("sent", Long.toString(total.sent));
        p.setProperty("accepted", Long.toString(total.accepted));
        p.setProperty("other", Long.toString(other));
        p.setProperty("other_statuses", total.otherStatuses.toString());
        p.setProperty("errors", Long.toString(total.errors));
        p.setProperty("error_kinds", total.errorKinds.toString());
        p.setProperty("skipped", Long.toString(total.skipped));
        p.setProperty("throughput", String.format("%.0f", throughput));
        p.setProperty("p50_ms", ms(h.getValueAtPercentile(50)));
        p.setProperty("p99_ms", ms(h.getValueAtPercentile(99)));
        p.setProperty("p999_ms", ms(h.getValueAtPercentile(99.9)));
        p.setProperty("max_ms", ms(h.getMaxValue()));
        p.setProperty("sent_total", Long.toString(total.sentTotal));
        p.setProperty("accepted_total", Long.toString(total.acceptedTotal));
        p.setProperty("errors_total", Long.toString(total.errorsTotal));
        p.setProperty("server_cpu_s", String.format("%.2f", serverCpuSeconds));
        p.setProperty("server_cpu_per_1000", total.accepted == 0 || serverCpuSeconds < 0 ? "-"
                : String.format("%.3f", serverCpuSeconds * 1000 / total.accepted));
        p.setProperty("server_rss_mb", serverRss < 0 ? "-" : Long.toString(serverRss / 1024));
        p.setProperty("loadgen_cpu_s", String.format("%.2f", selfCpuSeconds));
        p.setProperty("finished", Boolean.toString(finished));
        p.setProperty("broker_cpu_s", String.format("%.2f", brokerCpuSeconds));
        p.setProperty("machine_cpu_s", String.format("%.2f", machineSeconds));
        p.setProperty("other_cpu_s", String.format("%.2f", otherCpuSeconds));
        p.setProperty("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));

        System.out.printf("loadgen [%s] sent %d, 202 %d, other statuses %d %s, errors %d %s, not sent (client over"
                        + " max in-flight) %d%n", label, total.sent, total.accepted, other, total.otherStatuses,
                total.errors, total.errorKinds, total.skipped);
        System.out.printf("loadgen [%s] throughput %.0f req/s (202s per second of measurement); ack latency ms"
                        + " p50 %s p99 %s p99.9 %s max %s%n", label, throughput, ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
        System.out.printf("loadgen [%s] whole run incl. warm-up: sent %d, 202 %d, errors %d; server CPU %.1f s"
                        + " (%s s per 1000 202s), server RSS %s MB, load generator CPU %.1f s%s%n", label,
                total.sentTotal, total.acceptedTotal, total.errorsTotal, serverCpuSeconds,
                p.getProperty("server_cpu_per_1000"), p.getProperty("server_rss_mb"), selfCpuSeconds,
                finished ? "" : " (some requests still in flight at the end: not counted)");
        System.out.printf("loadgen [%s] CPU over the measurement (s): server %.1f, broker %.1f, load generator %.1f,"
                        + " other processes %.1f, machine %.1f of %.0f available%n", label, serverCpuSeconds,
                brokerCpuSeconds, selfCpuSeconds, otherCpuSeconds, machineSeconds,
                seconds * Runtime.getRuntime().availableProcessors());
        if (receiver != null) {
            p.setProperty("window_deliveries", Long.toString(windowDeliveries));
            p.setProperty("window_deliveries_per_s", String.format("%.0f", windowDeliveries / seconds));
            p.setProperty("server_cpu_per_1000_deliveries", windowDeliveries == 0 || serverCpuSeconds < 0 ? "-"
                    : String.format("%.3f", serverCpuSeconds * 1000 / windowDeliveries));
            p.setProperty("drained", Boolean.toString(drained));
            if (agent != null) {
                p.setProperty("agent", agent);
                p.setProperty("agent_destination", agentDestination);
                p.setProperty("agent_push_failures", Long.toString(agentPushFailures));
            }
            receiver.report(this, p);
            if (hops) {
                HopBreakdown.report(this, p);
            }
            System.out.printf("loadgen [%s] deliveries arriving during the measurement window: %d (%.0f/s); server CPU"
                            + " %s s per 1000 of them; %s%n", label, windowDeliveries, windowDeliveries / seconds,
                    p.getProperty("server_cpu_per_1000_deliveries"), drained ? "drained"
                            : "NOT drained within " + drainSeconds + " s after the load");
        }
        if (sampler != null) {
            p.setProperty("sample_csv", sampleCsv.getFileName().toString());
        }
        p.putAll(extra);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                p.store(w, "hooklane bench result");
            }
        }
        return 0;
    }

    /**
     * The same load (mode, rate, connections, threads, event mix) for --prewarm-seconds against --prewarm-port, in this
     * JVM, so that the measured load is issued by compiled code; then a full GC, so its garbage is not collected
     * during the measurement. Nothing of it is counted in the measured figures.
     *
     * <p>Two runs, two thirds and one third of the time, with what the measured run does beside its load in between
     * and in the second: the readiness probe's HTTP client and the process reads, and the time series. Without them,
     * the measured run's start (classes loaded for the first time, branches the load's compiled code never saw) sent
     * some 30 of the generator's compiled methods back to the interpreter, and its C2 compiler took a third of a core
     * in the first seconds of the measurement; now the second run pays for that, and its load compiles them again,
     * before the target starts.
     */
    void prewarm() throws Exception {
        double first = Math.max(1, Math.round(prewarmSeconds * 2 / 3));
        long sent = 0;
        long acked = 0;
        double[] runs = prewarmSeconds > first ? new double[] {first, prewarmSeconds - first}
                : new double[] {prewarmSeconds};
        for (int i = 0; i < runs.length; i++) {
            Path series = null;
            if (i == runs.length - 1 && sampleCsv != null) {
                // what the measured run does before and beside its load, against the prewarm server
                String url = "http://" + host + ":" + prewarmPort + "/";
                for (int probe = 0; probe < 20; probe++) {
                    probe(url);
                }
                cpuTicks(ProcessHandle.current().pid());
                series = Files.createTempFile("loadgen-prewarm", ".csv");
            }
            LoadGen w = prewarmRun(runs[i], series);
            sent += w.sentAll.get();
            acked += w.ackedAll.get();
            if (series != null) {
                Files.deleteIfExists(series);
            }
        }
        System.gc();
        extra.setProperty("prewarm_s", Double.toString(prewarmSeconds));
        extra.setProperty("prewarm_port", Integer.toString(prewarmPort));
        extra.setProperty("prewarm_sent", Long.toString(sent));
        extra.setProperty("prewarm_accepted", Long.toString(acked));
        if (prewarmedFile != null) {
            Files.writeString(prewarmedFile, acked + "\n");
        }
    }

    private LoadGen prewarmRun(double seconds, Path series) throws Exception {
        LoadGen w = new LoadGen();
        w.sampleCsv = series;
        w.sampleEverySeconds = sampleEverySeconds;
        w.brokerPid = brokerPid;
        w.host = host;
        w.port = prewarmPort;
        w.mode = mode;
        w.client = client;
        w.connections = connections;
        w.rate = rate;
        w.threads = threads;
        w.warmupSeconds = 0;
        w.durationSeconds = seconds;
        w.largeEvery = largeEvery;
        w.timeoutMillis = Math.min(timeoutMillis, 10_000);
        w.maxInFlight = maxInFlight;
        w.events = events;
        w.subjects = subjects;
        w.label = label + " prewarm";
        w.target = "prewarm";
        w.run();
        return w;
    }

    /**
     * Polls --ready-url every 0.1 s until it answers 200 or 202; then the target's pid (--server-pid-file) becomes
     * --server-pid and its CPU so far is recorded. False when the target exited or did not get ready in time.
     */
    boolean awaitReady() throws Exception {
        long deadline = System.nanoTime() + (long) (readyWaitSeconds * 1e9);
        System.out.printf("loadgen [%s] waiting for %s (at most %.0f s)%n", label, readyUrl, readyWaitSeconds);
        while (System.nanoTime() < deadline) {
            long pid = readPid();
            if (pid > 0 && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                System.out.printf("loadgen [%s] the target (pid %d) exited before it was ready%n", label, pid);
                return false;
            }
            if (probe()) {
                java.time.Instant at = java.time.Instant.now();
                pid = readPid();
                if (pid > 0) {
                    serverPid = pid;
                }
                long ticks = cpuTicks(serverPid);
                extra.setProperty("ready_epoch_ns", Long.toString(at.getEpochSecond() * 1_000_000_000L + at.getNano()));
                extra.setProperty("ready_cpu_s", ticks < 0 ? "-" : String.format("%.1f", ticks / 100.0));
                return true;
            }
            Thread.sleep(100); // the poll interval of a readiness probe; nothing to wait on
        }
        System.out.printf("loadgen [%s] %s not ready within %.0f s%n", label, readyUrl, readyWaitSeconds);
        return false;
    }

    private long readPid() {
        if (serverPidFile == null) {
            return serverPid;
        }
        try {
            return Long.parseLong(Files.readString(serverPidFile).trim());
        } catch (IOException | RuntimeException e) {
            return -1; // not written yet
        }
    }

    private boolean probe() {
        return probe(readyUrl);
    }

    private static boolean probe(String url) {
        java.net.HttpURLConnection c = null;
        try {
            c = (java.net.HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(1000);
            int status = c.getResponseCode();
            return status == 200 || status == 202;
        } catch (IOException e) {
            return false;
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }

    private int share(int total, int index) {
        return total / threads + (index < total % threads ? 1 : 0);
    }

    static String ms(long nanos) {
        return String.format("%.2f", nanos / 1e6);
    }

    static void sleepUntil(long nanos) throws InterruptedException {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, 200_000_000L));
        }
    }

    static long selfCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }

    /** utime + stime of a process, in clock ticks (1/100 s), or -1. */
    static long cpuTicks(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Busy time of the whole machine (user + nice + system + irq + softirq + steal), in ticks, or -1. */
    static long machineBusyTicks() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = cpu.trim().split("\\s+");
            return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + Long.parseLong(f[8]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long rssKb(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** One event loop's share of the load: its own HttpClient, connections and histogram. */
    static final class VertxWorker extends AbstractVerticle {
        private final LoadGen g;
        private final Stats stats;
        private final Payloads payloads;
        private final int conns;
        private final double rate;
        private final RateSchedule schedule;
        private final long limit;
        private final CountDownLatch done;
        private HttpClient http;
        private long issued;
        private long inFlight;
        private boolean stopped;
        private boolean counted;

        VertxWorker(LoadGen g, Stats stats, Payloads payloads, int conns, double rate, long limit, CountDownLatch done) {
            this.g = g;
            this.stats = stats;
            this.payloads = payloads;
            this.conns = Math.max(1, conns);
            this.rate = rate;
            this.schedule = g.mode.equals("open") ? new RateSchedule(rate, g.rampSeconds, g.rampFrom) : null;
            this.limit = Math.max(1, limit);
            this.done = done;
        }

        @Override
        public void start() {
            http = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_1_1)
                            .setKeepAlive(true).setPipelining(false).setTcpNoDelay(true)
                            .setDefaultHost(g.host).setDefaultPort(g.port),
                    new PoolOptions().setHttp1MaxSize(conns).setMaxWaitQueueSize(-1));
            vertx.setTimer(Math.max(1, (g.endNanos - System.nanoTime()) / 1_000_000), id -> stop0());
            if (g.mode.equals("closed")) {
                for (int i = 0; i < conns; i++) {
                    sendNext();
                }
            } else {
                vertx.setPeriodic(1, id -> {
                    if (stopped) {
                        vertx.cancelTimer(id);
                        return;
                    }
                    long now = System.nanoTime();
                    long due = schedule.due((now - g.startNanos) / 1e9);
                    // at most 2 ms of sending per tick, so responses are read in between; requests sent late are
                    // still measured from their intended time
                    long tickEnd = now + 2_000_000L;
                    while (issued < due && issued < limit && !stopped && System.nanoTime() < tickEnd) {
                        long intended = g.startNanos + (long) (schedule.dueAt(issued) * 1e9);
                        if (inFlight >= g.maxInFlight) {
                            issued++;
                            if (intended >= g.measureStartNanos) {
                                stats.skipped++;
                            }
                            continue;
                        }
                        send(intended);
                    }
                });
            }
        }

        private void stop0() {
            stopped = true;
            maybeDone();
        }

        private void maybeDone() {
            if (stopped && inFlight == 0 && !counted) {
                counted = true;
                synchronized (g) {
                    done.countDown();
                }
            }
        }

        private void sendNext() {
            if (stopped || issued >= limit || System.nanoTime() >= g.endNanos) {
                stopped = true;
                maybeDone();
                return;
            }
            send(System.nanoTime());
        }

        private void send(long intended) {
            Payloads.Request r = payloads.next(issued++);
            long seq = g.receiverPort > 0 ? payloads.lastSeq() : -1;
            if (seq >= 0) {
                g.ledger.sent(seq, intended);
            }
            inFlight++;
            stats.sentTotal++;
            g.sentAll.incrementAndGet();
            if (intended >= g.measureStartNanos && intended < g.endNanos) {
                stats.sent++;
            }
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(r.uri())
                    .setIdleTimeout(g.timeoutMillis);
            r.headers().forEach(options::addHeader);
            http.request(options)
                    .compose(req -> req.send(Buffer.buffer(r.body())))
                    .compose(resp -> resp.body().map(b -> resp.statusCode()))
                    .onComplete(ar -> {
                        long now = System.nanoTime();
                        inFlight--;
                        synchronized (g) {
                            stats.record(g, intended, now, ar.succeeded() ? ar.result() : -1, ar.cause());
                        }
                        if (seq >= 0 && ar.succeeded() && ar.result() == 202) {
                            g.ledger.acked(seq);
                        }
                        if (g.mode.equals("closed")) {
                            sendNext();
                        } else {
                            maybeDone();
                        }
                    });
        }
    }

    /**
     * The destinations' side: every delivery the gateway POSTs to {@code /<destination>} (any path) is answered 200
     * and matched to its request by the run-unique token in the body. End-to-end latency = first delivery of an event
     * at a destination - the request's intended send time (the same clock: one process), for requests issued in the
     * measurement window, over all destinations and per destination. With --fail-path, that path answers
     * --fail-status (503) during the outage window instead (not counted as a delivery). Runs on its own event loop.
     */
    static final class Receiver extends AbstractVerticle {
        private final LoadGen g;
        final Histogram endToEnd = new Histogram(HIGHEST_NANOS, 3);
        final org.HdrHistogram.Recorder e2eInterval = new org.HdrHistogram.Recorder(HIGHEST_NANOS, 2);
        final java.util.concurrent.atomic.AtomicLong lastDelivery = new java.util.concurrent.atomic.AtomicLong();
        private final Map<String, Long> perDestination = new TreeMap<>();
        private final Map<String, Long> windowPerDestination = new TreeMap<>();
        private final Map<String, Long> refusedPerDestination = new TreeMap<>();
        private final Map<String, Histogram> endToEndPerDestination = new TreeMap<>();
        private long deliveries;
        /** Body bytes of every delivery counted in {@link #deliveries}. */
        private long deliveredBytes;
        private long windowDeliveries;
        private long refused;
        private long duplicates;
        private long unmatched;
        /** The first delivery to the failing path after its outage ended (System.nanoTime), 0 until then. */
        private long firstAfterOutage;
        /** With --fail-subject: end to end of every other subject's deliveries (requests of the window). */
        final Histogram endToEndOthers = new Histogram(HIGHEST_NANOS, 3);
        /** With --subjects: the highest sequence number delivered per subject, to count deliveries out of order. */
        private final long[] lastSeqBySubject;
        private long outOfOrder;
        /** With --receiver-delay-ms: deliveries being answered now, and the most at once. */
        private long answering;
        private long maxAnswering;

        Receiver(LoadGen g) {
            this.g = g;
            this.lastSeqBySubject = new long[Math.max(0, g.subjects)];
            java.util.Arrays.fill(lastSeqBySubject, -1);
        }

        @Override
        public void start(io.vertx.core.Promise<Void> started) {
            boolean outage = g.failPath != null || g.failSubject >= 0;
            long failFrom = outage ? (long) (g.failFromSeconds * 1e9) : Long.MAX_VALUE;
            long failTo = outage ? (long) ((g.failFromSeconds + g.failForSeconds) * 1e9) : Long.MIN_VALUE;
            vertx.createHttpServer().requestHandler(req -> req.body().onComplete(ar -> {
                long now = System.nanoTime();
                String destination = req.path().substring(1);
                // read at arrival: a delayed answer keeps no body
                long seq = ar.succeeded() ? Payloads.seq(ar.result(), g.runNonce) : -1;
                int subject = ar.succeeded() && g.subjects > 0 ? Payloads.subject(ar.result()) : -1;
                boolean failing = g.failPath != null ? destination.equals(g.failPath) : subject == g.failSubject;
                if (failing && now - g.startNanos >= failFrom && now - g.startNanos < failTo) {
                    synchronized (this) {
                        refused++;
                        refusedPerDestination.merge(destination, 1L, Long::sum);
                    }
                    req.response().setStatusCode(g.failStatus).end();
                    return;
                }
                if (g.receiverDelayMillis <= 0) {
                    if (ar.succeeded()) {
                        delivered(destination, seq, subject, now, ar.result().length());
                    }
                    if (ar.succeeded() && "http".equals(g.agent) && destination.equals(g.agentDestination)) {
                        // an http agent whose answer the gateway turns into agent.response.completed
                        req.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                                .end(AgentServers.decision(ar.result(), g.runNonce));
                        return;
                    }
                    req.response().setStatusCode(200).end();
                    return;
                }
                // a slow agent: the delivery counts when it is answered (end to end includes the agent's time)
                synchronized (this) {
                    maxAnswering = Math.max(maxAnswering, ++answering);
                }
                vertx.setTimer(g.receiverDelayMillis, id -> {
                    synchronized (this) {
                        answering--;
                    }
                    if (ar.succeeded()) {
                        delivered(destination, seq, subject, System.nanoTime(), ar.result().length());
                    }
                    req.response().setStatusCode(200).end();
                });
            })).listen(g.receiverPort, "127.0.0.1").onComplete(ar -> {
                if (ar.succeeded()) {
                    started.complete();
                } else {
                    started.fail(ar.cause());
                }
            });
        }

        /** A call the protocols scenario's MCP or A2A agent received: a delivery to {@code destination}. */
        void agentCall(String destination, Buffer body, long now) {
            delivered(destination, Payloads.seq(body, g.runNonce), -1, now, body.length());
        }

        private void delivered(String destination, long seq, int subject, long now, int bytes) {
            synchronized (this) {
                deliveries++;
                deliveredBytes += bytes;
                lastDelivery.set(now);
                if (firstAfterOutage == 0 && destination.equals(g.failPath)
                        && now - g.startNanos >= (long) ((g.failFromSeconds + g.failForSeconds) * 1e9)) {
                    firstAfterOutage = now;
                }
                perDestination.merge(destination, 1L, Long::sum);
                if (now >= g.measureStartNanos && now < g.endNanos) {
                    windowDeliveries++;
                    windowPerDestination.merge(destination, 1L, Long::sum);
                }
                if (seq < 0) {
                    unmatched++;
                    return;
                }
                if (!g.ledger.delivered(destination, seq, now)) {
                    duplicates++;
                    return;
                }
                if (subject >= 0 && subject < lastSeqBySubject.length) {
                    if (seq < lastSeqBySubject[subject]) {
                        outOfOrder++;
                    } else {
                        lastSeqBySubject[subject] = seq;
                    }
                }
                long intended = g.ledger.intended(seq);
                if (intended != Long.MIN_VALUE) {
                    long e2e = Math.min(HIGHEST_NANOS, Math.max(0, now - intended));
                    e2eInterval.recordValue(e2e);
                    if (intended >= g.measureStartNanos && intended < g.endNanos) {
                        endToEnd.recordValue(e2e);
                        if (g.failSubject >= 0 && subject != g.failSubject) {
                            endToEndOthers.recordValue(e2e);
                        }
                        endToEndPerDestination.computeIfAbsent(destination, d -> new Histogram(HIGHEST_NANOS, 3))
                                .recordValue(e2e);
                    }
                }
            }
        }

        synchronized long windowDeliveries() {
            return windowDeliveries;
        }

        /** Cumulative counts for the time series: "" = all deliveries, "refused" = fail answers, else per path. */
        synchronized Map<String, Long> snapshot() {
            Map<String, Long> m = new HashMap<>(perDestination);
            m.put("", deliveries);
            refusedPerDestination.forEach((d, n) -> m.put("refused:" + d, n));
            return m;
        }

        synchronized void report(LoadGen g, Properties p) {
            long undelivered = g.ledger.ackedUndelivered();
            // (destination, request) pairs delivered whose request got a 202: fan-out compares it with 202s x N
            long uniqueAcked = g.ledger.ackedDeliveries();
            long ackedTotal = g.ledger.ackedCount();
            Histogram h = endToEnd;
            p.setProperty("e2e_count", Long.toString(h.getTotalCount()));
            p.setProperty("e2e_p50_ms", ms(h.getValueAtPercentile(50)));
            p.setProperty("e2e_p90_ms", ms(h.getValueAtPercentile(90)));
            p.setProperty("e2e_p99_ms", ms(h.getValueAtPercentile(99)));
            p.setProperty("e2e_p999_ms", ms(h.getValueAtPercentile(99.9)));
            p.setProperty("e2e_max_ms", ms(h.getMaxValue()));
            p.setProperty("deliveries", Long.toString(deliveries));
            p.setProperty("delivery_body_bytes_mean", deliveries == 0 ? "-"
                    : String.format("%.0f", (double) deliveredBytes / deliveries));
            p.setProperty("delivery_duplicates", Long.toString(duplicates));
            p.setProperty("acked_undelivered", Long.toString(undelivered));
            p.setProperty("acked_total_tokens", Long.toString(ackedTotal));
            p.setProperty("unique_deliveries_acked", Long.toString(uniqueAcked));
            p.setProperty("refused", Long.toString(refused));
            p.setProperty("last_delivery_after_load_s", lastDelivery.get() == 0 ? "-"
                    : String.format("%.1f", (lastDelivery.get() - g.endNanos) / 1e9));
            if (g.failPath != null) {
                p.setProperty("outage_path", g.failPath);
                p.setProperty("outage_from_s", Double.toString(g.failFromSeconds));
                p.setProperty("outage_for_s", Double.toString(g.failForSeconds));
                p.setProperty("outage_first_delivery_after_s", firstAfterOutage == 0 ? "-" : String.format("%.2f",
                        (firstAfterOutage - g.startNanos) / 1e9 - g.failFromSeconds - g.failForSeconds));
                System.out.printf("loadgen [%s] outage of /%s: %d refused; first delivery to it %s s after the outage"
                        + " ended%n", g.label, g.failPath, refused, p.getProperty("outage_first_delivery_after_s"));
            }
            if (g.failSubject >= 0) {
                Histogram o = endToEndOthers;
                p.setProperty("fail_subject", Integer.toString(g.failSubject));
                p.setProperty("e2e_others_count", Long.toString(o.getTotalCount()));
                p.setProperty("e2e_others_p50_ms", ms(o.getValueAtPercentile(50)));
                p.setProperty("e2e_others_p99_ms", ms(o.getValueAtPercentile(99)));
                p.setProperty("e2e_others_max_ms", ms(o.getMaxValue()));
                System.out.printf("loadgen [%s] end to end of every subject but %d: %d deliveries, ms p50 %s p99 %s max"
                        + " %s; %d deliveries of subject %d refused%n", g.label, g.failSubject, o.getTotalCount(),
                        ms(o.getValueAtPercentile(50)), ms(o.getValueAtPercentile(99)), ms(o.getMaxValue()), refused,
                        g.failSubject);
            }
            if (g.subjects > 0) {
                p.setProperty("subjects", Integer.toString(g.subjects));
                p.setProperty("out_of_order", Long.toString(outOfOrder));
                System.out.printf("loadgen [%s] %d subjects: %d deliveries arrived after a later event of their"
                        + " subject%n", g.label, g.subjects, outOfOrder);
            }
            if (g.receiverDelayMillis > 0) {
                p.setProperty("receiver_delay_ms", Long.toString(g.receiverDelayMillis));
                p.setProperty("receiver_max_concurrent", Long.toString(maxAnswering));
                System.out.printf("loadgen [%s] the receiver answered after %d ms; at most %d deliveries at once%n",
                        g.label, g.receiverDelayMillis, maxAnswering);
            }
            p.setProperty("destinations_seen", String.join(",", perDestination.keySet()));
            perDestination.forEach((d, n) -> p.setProperty("deliveries." + d, Long.toString(n)));
            windowPerDestination.forEach((d, n) -> p.setProperty("window_deliveries." + d, Long.toString(n)));
            endToEndPerDestination.forEach((d, dh) -> {
                p.setProperty("e2e." + d + ".count", Long.toString(dh.getTotalCount()));
                p.setProperty("e2e." + d + ".p50_ms", ms(dh.getValueAtPercentile(50)));
                p.setProperty("e2e." + d + ".p90_ms", ms(dh.getValueAtPercentile(90)));
                p.setProperty("e2e." + d + ".p99_ms", ms(dh.getValueAtPercentile(99)));
                p.setProperty("e2e." + d + ".max_ms", ms(dh.getMaxValue()));
            });
            System.out.printf("loadgen [%s] end to end (POST -> first delivery at a destination, requests of the"
                            + " measurement window): %d deliveries, ms p50 %s p99 %s p99.9 %s max %s%n", g.label,
                    h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)),
                    ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
            endToEndPerDestination.forEach((d, dh) -> System.out.printf("loadgen [%s]   to %s: %d, ms p50 %s p90 %s"
                    + " p99 %s max %s%n", g.label, d, dh.getTotalCount(), ms(dh.getValueAtPercentile(50)),
                    ms(dh.getValueAtPercentile(90)), ms(dh.getValueAtPercentile(99)), ms(dh.getMaxValue())));
            // per destination: acknowledged events (whole run) it never received
            perDestination.keySet().forEach(d -> p.setProperty("acked_undelivered." + d,
                    Long.toString(g.ledger.ackedUndeliveredTo(d))));
            System.out.printf("loadgen [%s] deliveries, whole run: %d %s, duplicates %d, without a token of this"
                            + " run %d; acknowledged events never delivered: %d of %d; refused by the receiver"
                            + " (outage): %d; last delivery %s s after the load ended; mean body %s bytes%n", g.label,
                    deliveries, perDestination, duplicates, unmatched, undelivered, ackedTotal, refused,
                    p.getProperty("last_delivery_after_load_s"), p.getProperty("delivery_body_bytes_mean"));
        }
    }

    /** java.net.http for comparison (closed-loop only): one chain of requests per connection. */
    static final class JdkWorker {
        private final LoadGen g;
        private final Stats stats;
        private final Payloads payloads;
        private final CountDownLatch done;
        private final ExecutorService executor = Executors.newFixedThreadPool(2);
        private final java.net.http.HttpClient http;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private int chains;
        private long issued;

        JdkWorker(LoadGen g, Stats stats, Payloads payloads, CountDownLatch done) {
            this.g = g;
            this.stats = stats;
            this.payloads = payloads;
            this.done = done;
            this.http = java.net.http.HttpClient.newBuilder().version(Version.HTTP_1_1).executor(executor)
                    .connectTimeout(Duration.ofSeconds(5)).build();
        }

        void start() {
            chains = g.connections;
            for (int i = 0; i < g.connections; i++) {
                sendNext();
            }
        }

        private void sendNext() {
            Payloads.Request r;
            long start;
            synchronized (this) {
                if (issued >= g.maxRequests || System.nanoTime() >= g.endNanos) {
                    if (--chains == 0) {
                        done.countDown();
                    }
                    return;
                }
                r = payloads.next(issued++);
                start = System.nanoTime();
                stats.sentTotal++;
                if (start >= g.measureStartNanos) {
                    stats.sent++;
                }
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + g.host + ":" + g.port + r.uri()))
                    .timeout(Duration.ofMillis(g.timeoutMillis)).POST(HttpRequest.BodyPublishers.ofByteArray(r.body()));
            r.headers().forEach(b::header);
            http.sendAsync(b.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((resp, err) -> {
                long now = System.nanoTime();
                synchronized (this) {
                    synchronized (g) {
                        stats.record(g, start, now, err == null ? resp.statusCode() : -1, err);
                    }
                }
                sendNext();
            });
        }

        void close() {
            executor.shutdownNow();
        }
    }
}
