package io.hooklane.verify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing keys of trusted UCP profiles, fetched from the profile URL only when it is exactly one of the
 * configured ones (nothing else is ever fetched), over HTTPS (plain HTTP for loopback hosts only), without following
 * redirects, bounded in time (connection and whole answer) and size. Keys are cached for the TTL; an unknown
 * {@code kid} triggers a refetch at most once per {@code minRefetch} per profile, and a failed fetch is retried no
 * sooner either, so a signer (or an outage) can make the gateway wait for a profile at most about twice per
 * interval. One fetch per profile at
 * a time: concurrent requests wait for it. Thread-safe.
 */
final class ProfileKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ProfileKeys.class);

    private final Set<String> trusted;
    private final Duration ttl;
    private final Duration minRefetch;
    private final Duration fetchTimeout;
    private final int maxBytes;
    private final Clock clock;
    private final Predicate<UcpKey> refused;
    private HttpClient client;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    ProfileKeys(List<String> trustedProfiles, Duration ttl, Duration minRefetch, Duration fetchTimeout, int maxBytes,
                Clock clock, Predicate<UcpKey> refused) {
        this.trusted = Set.copyOf(new LinkedHashSet<>(trustedProfiles));
        this.ttl = ttl;
        this.minRefetch = minRefetch;
        this.fetchTimeout = fetchTimeout;
        this.maxBytes = maxBytes;
        this.clock = clock;
        this.refused = refused;
    }

    /** Created on first use: a scheme built only to validate settings starts no client thread. */
    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(fetchTimeout)
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return client;
    }

    boolean trustsAny() {
        return !trusted.isEmpty();
    }

    boolean isTrusted(String profileUrl) {
        return trusted.contains(profileUrl);
    }

    /**
     * The key {@code kid} of a trusted profile.
     *
     * @throws VerificationException UNTRUSTED_KEY_SOURCE for a profile not on the list (nothing is fetched),
     *     UNKNOWN_KEY when the profile cannot be fetched or does not list the kid
     */
    UcpKey key(String profileUrl, String kid) throws VerificationException {
        if (!isTrusted(profileUrl)) {
            throw new VerificationException(Reason.UNTRUSTED_KEY_SOURCE,
                    "the UCP-Agent profile is not one this source trusts");
        }
        Entry entry = entries.computeIfAbsent(profileUrl, u -> new Entry());
        synchronized (entry) {
            Instant now = clock.instant();
            boolean fresh = entry.fetchedAt != null && now.isBefore(entry.fetchedAt.plus(ttl));
            UcpKey key = entry.keys.get(kid);
            if (key != null && fresh) {
                return key;
            }
            // stale or never fetched: fetch, unless the last attempt (failed) is recent; fresh but the kid is
            // unknown: refetch, unless the last such refetch is recent
            Instant last = fresh ? entry.refetchedAt : entry.attemptedAt;
            if (last == null || !now.isBefore(last.plus(minRefetch))) {
                entry.attemptedAt = now;
                if (fresh) {
                    entry.refetchedAt = now;
                }
                try {
                    entry.keys = fetch(profileUrl);
                    entry.fetchedAt = now;
                } catch (IOException e) {
                    LOG.warn("Fetching the UCP profile {} failed: {}", profileUrl, e.getMessage());
                    if (entry.keys.isEmpty()) {
                        throw new VerificationException(Reason.UNKNOWN_KEY,
                                "the signer's profile could not be fetched");
                    }
                }
                key = entry.keys.get(kid);
            }
            if (key == null) {
                throw new VerificationException(Reason.UNKNOWN_KEY,
                        "the signer's profile lists no usable key with this keyid");
            }
            return key;
        }
    }

    private Map<String, UcpKey> fetch(String profileUrl) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(profileUrl)).timeout(fetchTimeout)
                .header("Accept", "application/json").GET().build();
        CompletableFuture<HttpResponse<byte[]>> call = client().sendAsync(request, info -> limited(maxBytes));
        HttpResponse<byte[]> response;
        try {
            response = call.get(fetchTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new IOException("no complete answer within " + fetchTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IOException(cause == null ? "failed" : cause.getClass().getSimpleName() + ": "
                    + cause.getMessage());
        }
        if (response.statusCode() != 200) {
            throw new IOException("answered HTTP " + response.statusCode() + " (redirects are not followed)");
        }
        Map<String, UcpKey> keys = new LinkedHashMap<>(JwkKeys.parse(response.body()));
        keys.values().removeIf(key -> {
            boolean refuse = refused.test(key);
            if (refuse) {
                LOG.warn("UCP profile {} lists the public demo key '{}': ignored (prod profile)", profileUrl,
                        key.kid());
            }
            return refuse;
        });
        return Map.copyOf(keys);
    }

    /** A body subscriber that keeps at most {@code max} bytes and fails beyond. */
    private static HttpResponse.BodySubscriber<byte[]> limited(int max) {
        return new HttpResponse.BodySubscriber<>() {
            private final CompletableFuture<byte[]> result = new CompletableFuture<>();
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            private Flow.Subscription subscription;

            @Override
            public CompletionStage<byte[]> getBody() {
                return result;
            }

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                this.subscription = subscription;
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(List<ByteBuffer> items) {
                for (ByteBuffer item : items) {
                    if (bytes.size() + item.remaining() > max) {
                        subscription.cancel();
                        result.completeExceptionally(new IOException("profile larger than " + max + " bytes"));
                        return;
                    }
                    byte[] chunk = new byte[item.remaining()];
                    item.get(chunk);
                    bytes.write(chunk, 0, chunk.length);
                }
            }

            @Override
            public void onError(Throwable throwable) {
                result.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                result.complete(bytes.toByteArray());
            }
        };
    }

    /**
     * The reason a configured profile URL cannot be trusted, or null when it can: absolute https, or http to a
     * loopback host; no user info, no fragment.
     */
    static String unusable(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getUserInfo() != null || uri.getFragment() != null) {
            return "must be an absolute URL with a host, without user info or fragment";
        }
        if (scheme.equals("https")) {
            return null;
        }
        if (scheme.equals("http") && isLoopback(uri.getHost())) {
            return null;
        }
        return "must use https (plain http only for a loopback host)";
    }

    private static boolean isLoopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        boolean literal = h.chars().allMatch(c -> Character.isDigit(c) || c == '.') || h.contains(":");
        if (!literal) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static final class Entry {
        private Map<String, UcpKey> keys = Map.of();
        private Instant fetchedAt;
        private Instant attemptedAt;
        private Instant refetchedAt;
    }
}
