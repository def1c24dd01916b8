package io.hooklane.sender;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Posts signed sample webhooks to a running gateway, like {@code stripe trigger}. Exit code 0 when every response
 * was 2xx, 1 otherwise, 2 on bad usage.
 */
public final class SampleSender {

    public static final String USAGE_LINE = "Usage: SampleSender <source> <event> [--url " + SenderOptions.DEFAULT_URL
            + "] [--scheme <scheme>] [--count N] [--secret S] [--routes " + SenderOptions.DEFAULT_ROUTES + "]";

    private final HttpClient http;
    private final PrintStream out;
    private final PrintStream err;
    private final Function<String, String> env;
    private final Clock clock;
    private final Supplier<String> ids;

    public SampleSender(HttpClient http, PrintStream out, PrintStream err, Function<String, String> env, Clock clock,
            Supplier<String> ids) {
        this.http = http;
        this.out = out;
        this.err = err;
        this.env = env;
        this.clock = clock;
        this.ids = ids;
    }

    public static void main(String[] args) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        SampleSender sender = new SampleSender(http, System.out, System.err, System::getenv, Clock.systemUTC(),
                SampleRequests.randomIds());
        System.exit(sender.run(args));
    }

    /** Runs one command line and returns the exit code. */
    public int run(String... args) {
        SenderOptions options;
        String secret;
        try {
            options = SenderOptions.parse(env, args);
            if (options.help()) {
                out.println(usage());
                return 0;
            }
            secret = new SecretResolver(env).resolve(options.signing(), options.secret());
            WebhookSigners.forSource(options.signing(), secret, clock, ids, null); // rejects a bad secret early
        } catch (UsageException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(usage());
            return 2;
        }
        String squareUrl = "square".equals(options.scheme()) ? blankToNull(env.apply("SQUARE_WEBHOOK_URL")) : null;
        boolean allOk = true;
        for (int i = 0; i < options.count(); i++) {
            SampleRequest request = SampleRequests.build(options.signing(), options.event(), secret, options.url(),
                    clock, ids, squareUrl);
            allOk &= send(request);
        }
        return allOk ? 0 : 1;
    }

    private boolean send(SampleRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(request.url()))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(builder::header);
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body() == null ? "" : response.body().strip().replaceAll("\\s*\\R\\s*", " ");
            out.println(body.isEmpty() ? Integer.toString(response.statusCode()) : response.statusCode() + " " + body);
            return response.statusCode() / 100 == 2;
        } catch (IOException e) {
            String reason = e.getMessage() == null ? "" : ": " + e.getMessage();
            out.println("ERR " + request.url() + ": " + e.getClass().getSimpleName() + reason);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("ERR " + request.url() + ": interrupted");
            return false;
        }
    }

    /** The usage text: the command line, the sources/schemes and each scheme's events. */
    public static String usage() {
        return USAGE_LINE + "\n"
                + "  sources: " + String.join(", ", WebhookSigners.SCHEMES)
                + ", and every source declared in the route files (--routes, default routes/), signed with its"
                + " declared scheme, header, algorithm, encoding, prefix and timestamp header; another needs"
                + " --scheme <scheme>\n"
                + "  events: " + String.join(", ", SamplePayloads.EVENTS) + "\n"
                + "  events per scheme:\n" + SamplePayloads.describe().replace("  ", "    ") + "\n"
                + "  secret: --secret, else the source's env var (its secretKey in the route files, e.g."
                + " STRIPE_WEBHOOK_SECRET), else its _FILE"
                + " variant, else the dev profile's demo secret";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
