package io.hooklane.admin;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
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
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code bin/admin}: the admin API from a terminal. The token comes from {@code HOOKLANE_ADMIN_TOKEN} (or the file
 * named by {@code HOOKLANE_ADMIN_TOKEN_FILE}). Exit code 0 on success, 1 when the gateway refused or failed, 2 on
 * bad usage.
 */
public final class AdminCli {

    public static final String DEFAULT_URL = "http://127.0.0.1:8080";
    public static final String USAGE = """
            Usage: admin [--url %s] <command>
              destinations                         destinations with protocol, circuit state, paused flag, waiting events,
                                                   dead letters, calls and their mean duration
              pause <name> | resume <name>         hold a destination's events in Kafka / let them drain again
              dead-letters <name> [--limit N] [--state all]
                                                   the newest open dead-letter entries (default 100); --state all adds
                                                   the replayed, delivered and discarded ones
              replay <name> --entry ID             replay one entry, whatever its state (ID as listed, e.g. 0-12)
              replay <name> --all [--page N]       replay every open entry, N per call (default 100), with progress
              replay <name> --from T --to T        replay the open ones dead-lettered from T up to T (ISO-8601, e.g.
                                                   2026-01-31T12:00:00Z); --state all with --all or a range: closed too
              discard <name> --entry ID | --all | --from T --to T
                                                   close entries without delivering them (no longer open)
            --url is the gateway's admin address: its public port, or hooklane.admin.port when that is set.
            <name> "routing": the routing dead letters (records routing could not read, events a rule threw on); a replay
            writes them back to the inbound event topic.
            The token comes from HOOKLANE_ADMIN_TOKEN (or HOOKLANE_ADMIN_TOKEN_FILE).""".formatted(DEFAULT_URL);

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Not a destination: the routing dead letters ({@code /admin/routing/dead-letters}). */
    private static final String ROUTING = "routing";

    private final HttpClient http;
    private final PrintStream out;
    private final PrintStream err;
    private final Function<String, String> env;

    public AdminCli(HttpClient http, PrintStream out, PrintStream err, Function<String, String> env) {
        this.http = http;
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        System.exit(new AdminCli(http, System.out, System.err, System::getenv).run(args));
    }

    /** Thrown for a command line that makes no valid request. */
    static final class Usage extends Exception {
        Usage(String message) {
            super(message);
        }
    }

    /** Thrown when the gateway answers other than 200. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    public int run(String... args) {
        List<String> positional = new ArrayList<>();
        Map<String, String> flags = new HashMap<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("-h") || arg.equals("--help")) {
                    out.println(USAGE);
                    return 0;
                }
                if (arg.equals("--all")) {
                    flags.put("--all", "true");
                } else if (arg.startsWith("--")) {
                    int eq = arg.indexOf('=');
                    String flag = eq < 0 ? arg : arg.substring(0, eq);
                    if (!List.of("--url", "--limit", "--entry", "--from", "--to", "--page", "--state").contains(flag)) {
                        throw new Usage("unknown option " + flag);
                    }
                    if (eq >= 0) {
                        flags.put(flag, arg.substring(eq + 1));
                    } else if (i + 1 < args.length) {
                        flags.put(flag, args[++i]);
                    } else {
                        throw new Usage(flag + " needs a value");
                    }
                } else {
                    positional.add(arg);
                }
            }
            if (positional.isEmpty()) {
                throw new Usage("no command given");
            }
            String url = flags.getOrDefault("--url", DEFAULT_URL).replaceAll("/+$", "");
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new Usage("--url must be an http:// or https:// URL, got '" + url + "'");
            }
            String token = token();
            String command = positional.get(0);
            switch (command) {
                case "destinations" -> {
                    arguments(positional, 1);
                    destinations(url, token);
                }
                case "pause", "resume" -> {
                    arguments(positional, 2);
                    JsonNode d = call(url, token, "POST", path(positional.get(1)) + "/" + command, null);
                    out.println(d.path("name").asText() + ": " + (d.path("paused").asBoolean() ? "paused"
                            + pausedBy(d) : "running") + " (" + d.path("waitingEvents").asLong() + " waiting)");
                }
                case "dead-letters" -> {
                    arguments(positional, 2);
                    deadLetters(url, token, positional.get(1), flags.getOrDefault("--limit", "100"),
                            state(flags));
                }
                case "replay", "discard" -> {
                    arguments(positional, 2);
                    bulk(url, token, positional.get(1), command, flags);
                }
                default -> throw new Usage("unknown command '" + command + "'");
            }
            return 0;
        } catch (Usage e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (Refused e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("error: cannot reach the gateway: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted");
            return 1;
        }
    }

    private void destinations(String url, String token) throws Usage, Refused, IOException, InterruptedException {
        JsonNode body = call(url, token, "GET", "/admin/destinations", null);
        String format = "%-24s %-8s %-10s %-7s %8s %13s %9s %9s  %s%n";
        out.printf(format, "DESTINATION", "PROTOCOL", "CIRCUIT", "PAUSED", "WAITING", "DEAD-LETTERS", "CALLS",
                "MEAN-MS", "PAUSED-BY");
        for (JsonNode d : body.path("destinations")) {
            boolean paused = d.path("paused").asBoolean();
            JsonNode calls = d.path("calls");
            out.printf(format, d.path("name").asText(), d.path("protocol").asText("?"), d.path("circuitState").asText(),
                    paused ? "yes" : "no", d.path("waitingEvents").asLong(),
                    d.path("deadLetters").isNull() ? "?" : d.path("deadLetters").asText(),
                    calls.isObject() ? calls.path("total").asText() : "?",
                    calls.isObject() ? String.format(java.util.Locale.ROOT, "%.1f", calls.path("meanMillis")
                            .asDouble()) : "?",
                    paused ? d.path("pausedBy").asText("?") + " at " + d.path("pausedAt").asText("?") : "");
        }
    }

    /** " by <instance> at <time>" from a destination's admin answer. */
    private static String pausedBy(JsonNode d) {
        return d.path("pausedBy").isTextual()
                ? " by " + d.path("pausedBy").asText() + " at " + d.path("pausedAt").asText("?") : "";
    }

    private void deadLetters(String url, String token, String name, String limit, String state)
            throws Usage, Refused, IOException, InterruptedException {
        JsonNode body = call(url, token, "GET", path(name) + "/dead-letters?limit="
                + URLEncoder.encode(limit, StandardCharsets.UTF_8) + "&state=" + state, null);
        String format = "%-10s %-9s %-24s %-18s %8s %6s  %-22s %-30s %s%n";
        out.printf(format, "ENTRY", "STATE", "DEAD-LETTERED-AT", "REASON", "ATTEMPTS", "STATUS", "TYPE", "EVENT",
                "WEBHOOK-ID");
        for (JsonNode e : body.path("entries")) {
            out.printf(format, e.path("entryId").asText(), e.path("state").asText(), e.path("deadLetteredAt").asText(),
                    e.path("reason").asText(), e.path("attempts").asText(),
                    e.path("lastStatus").isNull() ? "-" : e.path("lastStatus").asText(),
                    e.path("eventType").asText(), e.path("eventId").asText(), e.path("webhookId").asText());
        }
        out.println(body.path("entries").size() + " dead letter(s) shown; " + body.path("open").asLong()
                + " open of " + body.path("total").asLong());
    }

    /** {@code replay} or {@code discard}: one entry, or every selected one page by page with progress. */
    private void bulk(String url, String token, String name, String command, Map<String, String> flags)
            throws Usage, Refused, IOException, InterruptedException {
        boolean all = flags.containsKey("--all");
        String entry = flags.get("--entry");
        boolean range = flags.containsKey("--from") || flags.containsKey("--to");
        if ((all ? 1 : 0) + (entry != null ? 1 : 0) + (range ? 1 : 0) != 1) {
            throw new Usage(command + " needs exactly one of --all, --entry ID, or --from T --to T");
        }
        if (range && !(flags.containsKey("--from") && flags.containsKey("--to"))) {
            throw new Usage("--from and --to go together");
        }
        boolean discard = command.equals("discard");
        String done = discard ? "discarded" : "replayed";
        String endpoint = path(name) + "/dead-letters/" + command;
        ObjectNode request = JSON.createObjectNode();
        if (entry != null) {
            request.put("entryId", entry);
            JsonNode answer = call(url, token, "POST", endpoint, request);
            out.println(done + " " + answer.path(done).asInt() + " dead letter(s) of " + name);
            return;
        }
        if (flags.containsKey("--state")) {
            if (discard) {
                throw new Usage("discard takes open entries only: --state does not apply");
            }
            request.put("state", state(flags));
        }
        int page;
        try {
            page = Integer.parseInt(flags.getOrDefault("--page", "100"));
        } catch (NumberFormatException e) {
            page = -1;
        }
        if (page < 1) {
            throw new Usage("--page must be a positive number");
        }
        if (all) {
            request.put("all", true);
        } else {
            request.put("from", flags.get("--from")).put("to", flags.get("--to"));
        }
        request.put("limit", page);
        long replayed = 0;
        long skipped = 0;
        while (true) {
            JsonNode answer = call(url, token, "POST", endpoint, request);
            replayed += answer.path(done).asLong();
            skipped += answer.path("skipped").asLong();
            long remaining = answer.path("remaining").asLong();
            out.println(done + " " + replayed + "/" + (replayed + skipped + remaining));
            if (answer.path("next").isNull() || answer.path("next").isMissingNode()) {
                break;
            }
            request.put("cursor", answer.path("next").asText());
        }
        out.println(done + " " + replayed + " dead letter(s) of " + name
                + (skipped > 0 ? " (" + skipped + " unreadable, skipped)" : ""));
    }

    private static String state(Map<String, String> flags) throws Usage {
        String state = flags.getOrDefault("--state", "open");
        if (!state.equals("open") && !state.equals("all")) {
            throw new Usage("--state must be open or all, got '" + state + "'");
        }
        return state;
    }

    private JsonNode call(String url, String token, String method, String path, JsonNode body)
            throws Refused, IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (method.equals("POST")) {
            request.header("Content-Type", "application/json").POST(body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.GET();
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json;
        try {
            json = JSON.readTree(response.body());
        } catch (IOException e) {
            json = null;
        }
        if (response.statusCode() != 200 || json == null) {
            String detail = json != null && json.has("error")
                    ? json.path("error").asText() + ": " + json.path("message").asText()
                    : "HTTP " + response.statusCode();
            if (response.statusCode() == 404 && json != null && "not_found".equals(json.path("error").asText())) {
                detail += " (is HOOKLANE_ADMIN_TOKEN set on the gateway?)";
            }
            throw new Refused(response.statusCode() + " " + detail);
        }
        return json;
    }

    private String token() throws Usage {
        String token = env.apply(AdminToken.KEY);
        if (token == null || token.isBlank()) {
            String file = env.apply(AdminToken.FILE_KEY);
            if (file != null && !file.isBlank()) {
                try {
                    token = Files.readString(Path.of(file.strip()), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new Usage(AdminToken.FILE_KEY + " names a file that cannot be read: " + file.strip());
                }
            }
        }
        if (token == null || token.isBlank()) {
            throw new Usage("set HOOKLANE_ADMIN_TOKEN to the gateway's admin token");
        }
        return token.strip();
    }

    private static String path(String name) throws Usage {
        if (name.equals(ROUTING)) {
            return "/admin/routing";
        }
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new Usage("invalid destination name '" + name + "'");
        }
        return "/admin/destinations/" + name;
    }

    private static void arguments(List<String> positional, int expected) throws Usage {
        if (positional.size() != expected) {
            throw new Usage("'" + positional.get(0) + "' takes " + (expected - 1) + " argument(s), got "
                    + (positional.size() - 1));
        }
    }
}
