package io.hooklane.sender;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The sender's parsed command line. {@code signing} is how the source expects its webhooks signed: as the route files
 * under {@code routes} declare it, else as the scheme of its name (or {@code --scheme}) signs.
 */
public record SenderOptions(String source, String event, String url, String scheme, int count, String secret,
        boolean help, String routes, SourceSigning signing) {

    public static final String DEFAULT_URL = "http://127.0.0.1:8080";
    public static final String DEFAULT_ROUTES = "routes";

    /**
     * Parses {@code <source> <event> [--url U] [--scheme S] [--count N] [--secret S] [--routes DIR]} (also
     * {@code --flag=value});
     * {@code -h}/{@code --help} returns options with {@code help} set.
     *
     * @throws UsageException for anything else that does not make a valid request
     */
    public static SenderOptions parse(String... args) throws UsageException {
        return parse(System::getenv, args);
    }

    /** As above, resolving placeholders in the route files from {@code env}. */
    public static SenderOptions parse(Function<String, String> env, String... args) throws UsageException {
        List<String> positional = new ArrayList<>();
        String url = DEFAULT_URL;
        String scheme = null;
        String count = "1";
        String secret = null;
        String routes = DEFAULT_ROUTES;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                return new SenderOptions(null, null, url, null, 1, null, true, routes, null);
            }
            if (!arg.startsWith("--")) {
                positional.add(arg);
                continue;
            }
            int eq = arg.indexOf('=');
            String flag = eq < 0 ? arg : arg.substring(0, eq);
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException(flag + " needs a value");
            }
            switch (flag) {
                case "--url": url = value; break;
                case "--scheme": scheme = value; break;
                case "--count": count = value; break;
                case "--secret": secret = value; break;
                case "--routes": routes = value; break;
                default: throw new UsageException("unknown option " + flag);
            }
        }
        if (positional.size() != 2) {
            throw new UsageException("expected <source> <event>, got " + positional.size() + " argument(s)");
        }
        String source = positional.get(0);
        String event = positional.get(1);
        SourceSigning signing = signing(source, scheme, routes, env);
        return new SenderOptions(source, event, checkUrl(url), signing.scheme(), checkCount(count), secret, false,
                routes, signing).checkEvent();
    }

    /**
     * The route files' declaration of the source when there is one (and {@code --scheme}, if given, agrees with it),
     * else the scheme named by {@code --scheme} or by the source itself.
     */
    private static SourceSigning signing(String source, String scheme, String routes, Function<String, String> env)
            throws UsageException {
        Optional<SourceSigning> declared;
        try {
            declared = RouteSources.read(Path.of(routes), env).find(source);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--routes " + routes + ": " + e.getMessage());
        }
        if (declared.isPresent() && (scheme == null || scheme.equals(declared.get().scheme()))) {
            if (!WebhookSigners.isScheme(declared.get().scheme())) {
                throw new UsageException("source '" + source + "' in " + routes + " uses scheme '"
                        + declared.get().scheme() + "', which this sender cannot sign");
            }
            return declared.get();
        }
        return SourceSigning.ofScheme(source, checkScheme(source, scheme, routes));
    }

    private static String checkUrl(String url) throws UsageException {
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new UsageException("--url must be an http:// or https:// URL, got '" + url + "'");
        }
        return url;
    }

    private static String checkScheme(String source, String scheme, String routes) throws UsageException {
        if (!source.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new UsageException("invalid source name '" + source + "'");
        }
        String chosen = scheme != null ? scheme : source;
        if (!WebhookSigners.isScheme(chosen)) {
            throw new UsageException(scheme != null
                    ? "unknown scheme '" + scheme + "'"
                    : "source '" + source + "' is not declared in " + routes + "/*.camel.yaml nor a scheme name:"
                            + " pass --scheme <scheme> or --routes <dir>");
        }
        return chosen;
    }

    private static int checkCount(String count) throws UsageException {
        try {
            int n = Integer.parseInt(count);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the usage error
        }
        throw new UsageException("--count must be a positive integer, got '" + count + "'");
    }

    private SenderOptions checkEvent() throws UsageException {
        if (!SamplePayloads.supports(scheme, event)) {
            throw new UsageException("no " + scheme + " sample for event '" + event + "'; " + scheme + " has: "
                    + String.join(", ", SamplePayloads.events(scheme)));
        }
        return this;
    }
}
