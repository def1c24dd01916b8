package io.hooklane.sender;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A steady load of signed sample webhooks for a training run ({@code bin/cds-archive}): for {@code --seconds}, keeps
 * {@code --concurrency} requests in flight, taking the samples in turn, each signed as the route files declare its
 * source (as {@code bin/send} signs them) and with a new id. Prints how many got which status; exits 0 when at
 * least one webhook was accepted.
 *
 * <pre>java -cp hooklane.jar io.hooklane.sender.TrainingLoad --url http://127.0.0.1:8080 --routes routes \
 *     --seconds 45 --concurrency 16 stripe:payment.succeeded shopify:order.created ...</pre>
 */
public final class TrainingLoad {

    static final String USAGE = "Usage: TrainingLoad [--url " + SenderOptions.DEFAULT_URL + "] [--routes "
            + SenderOptions.DEFAULT_ROUTES + "] [--seconds 45] [--concurrency 16] <source>:<event>...";
    private static final int MAX_CONCURRENCY = 256;

    private final HttpClient http;
    private final Function<String, String> env;
    private final Clock clock;
    private final Supplier<String> ids;
    private final PrintStream out;

    TrainingLoad(HttpClient http, Function<String, String> env, Clock clock, Supplier<String> ids, PrintStream out) {
        this.http = http;
        this.env = env;
        this.clock = clock;
        this.ids = ids;
        this.out = out;
    }

    public static void main(String[] args) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        int code;
        try {
            code = new TrainingLoad(http, System::getenv, Clock.systemUTC(), SampleRequests.randomIds(), System.out)
                    .run(args);
        } catch (UsageException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            code = 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = 1;
        }
        System.exit(code);
    }

    /** Runs the load and returns the exit code: 0 when at least one webhook was accepted (2xx). */
    int run(String... args) throws UsageException, InterruptedException {
        String url = SenderOptions.DEFAULT_URL;
        String routes = SenderOptions.DEFAULT_ROUTES;
        long seconds = 45;
        int concurrency = 16;
        List<String> samples = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                samples.add(arg);
                continue;
            }
            if (i + 1 == args.length) {
                throw new UsageException(arg + " needs a value");
            }
            String value = args[++i];
            switch (arg) {
                case "--url" -> url = value;
                case "--routes" -> routes = value;
                case "--seconds" -> seconds = positive(arg, value, Long.MAX_VALUE);
                case "--concurrency" -> concurrency = (int) positive(arg, value, MAX_CONCURRENCY);
                default -> throw new UsageException("unknown option " + arg);
            }
        }
        if (samples.isEmpty()) {
            throw new UsageException("name at least one <source>:<event>");
        }
        List<Sample> prepared = new ArrayList<>();
        for (String sample : samples) {
            int colon = sample.indexOf(':');
            if (colon <= 0 || colon == sample.length() - 1) {
                throw new UsageException("expected <source>:<event>, got '" + sample + "'");
            }
            SenderOptions options = SenderOptions.parse(env, sample.substring(0, colon), sample.substring(colon + 1),
                    "--url", url, "--routes", routes);
            String secret = new SecretResolver(env).resolve(options.signing(), null);
            prepared.add(new Sample(options, secret));
        }
        Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
        AtomicInteger turn = new AtomicInteger();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        CountDownLatch workersDone = new CountDownLatch(concurrency);
        for (int w = 0; w < concurrency; w++) {
            sendNext(prepared, turn, deadline, statuses, workersDone);
        }
        workersDone.await();
        long accepted = statuses.entrySet().stream().filter(e -> e.getKey().startsWith("2"))
                .mapToLong(e -> e.getValue().get()).sum();
        out.println("training load: " + accepted + " webhooks accepted; by status: " + new TreeMap<>(statuses));
        return accepted > 0 ? 0 : 1;
    }

    /** One worker's next request, or its end when the time is up; a failed request counts and the worker goes on. */
    private void sendNext(List<Sample> samples, AtomicInteger turn, long deadline, Map<String, AtomicLong> statuses,
            CountDownLatch workersDone) {
        if (System.nanoTime() - deadline >= 0) {
            workersDone.countDown();
            return;
        }
        Sample sample = samples.get(Math.floorMod(turn.getAndIncrement(), samples.size()));
        HttpRequest httpRequest;
        try {
            SampleRequest request = SampleRequests.build(sample.options().signing(), sample.options().event(),
                    sample.secret(), sample.options().url(), clock, ids, null);
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(request.url()))
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
            request.headers().forEach(builder::header);
            httpRequest = builder.build();
        } catch (RuntimeException e) {
            // a request that cannot be built ends this worker (counted), instead of leaving the run waiting for it
            statuses.computeIfAbsent(e.getClass().getSimpleName(), s -> new AtomicLong()).incrementAndGet();
            workersDone.countDown();
            return;
        }
        http.sendAsync(httpRequest, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            String status = failure != null ? failure.getClass().getSimpleName() : Integer.toString(response.statusCode());
            statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
            sendNext(samples, turn, deadline, statuses, workersDone);
        });
    }

    private static long positive(String flag, String value, long max) throws UsageException {
        try {
            long n = Long.parseLong(value);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the usage error
        }
        throw new UsageException(flag + " must be a whole number from 1 to " + max + ", got '" + value + "'");
    }

    private record Sample(SenderOptions options, String secret) {
    }
}
