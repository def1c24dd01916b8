package io.hooklane.sender;

import java.util.ArrayList;
import java.util.List;

/** The sender's parsed command line. */
public record SenderOptions(String source, String event, String url, String scheme, int count, String secret,
        boolean help) {

    public static final String DEFAULT_URL = "http://127.0.0.1:8080";

    /**
     * Parses {@code <source> <event> [--url U] [--scheme S] [--count N] [--secret S]} (also {@code --flag=value});
     * {@code -h}/{@code --help} returns options with {@code help} set.
     *
     * @throws UsageException for anything else that does not make a valid request
     */
    public static SenderOptions parse(String... args) throws UsageException {
        List<String> positional = new ArrayList<>();
        String url = DEFAULT_URL;
        String scheme = null;
        String count = "1";
        String secret = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                return new SenderOptions(null, null, url, null, 1, null, true);
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
                default: throw new UsageException("unknown option " + flag);
            }
        }
        if (positional.size() != 2) {
            throw new UsageException("expected <source> <event>, got " + positional.size() + " argument(s)");
        }
        String source = positional.get(0);
        String event = positional.get(1);
        return new SenderOptions(source, event, checkUrl(url), checkScheme(source, scheme), checkCount(count),
                secret, false).checkEvent();
    }

    private static String checkUrl(String url) throws UsageException {
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new UsageException("--url must be an http:// or https:// URL, got '" + url + "'");
        }
        return url;
    }

    private static String checkScheme(String source, String scheme) throws UsageException {
        if (!source.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new UsageException("invalid source name '" + source + "'");
        }
        String chosen = scheme != null ? scheme : source;
        if (!WebhookSigners.isScheme(chosen)) {
            throw new UsageException(scheme != null
                    ? "unknown scheme '" + scheme + "'"
                    : "source '" + source + "' is not a scheme name: pass --scheme <scheme>");
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
