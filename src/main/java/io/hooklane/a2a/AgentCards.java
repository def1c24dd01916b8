package io.hooklane.a2a;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Agent cards by agent base URL, fetched from {@code <base>/.well-known/agent-card.json} (1.0 §8.2 well-known
 * URI, §8.6 caching; 0.3 likewise), else from the {@code agent.json} path agents on earlier versions serve, and
 * kept for a TTL. Deliveries to one agent share one fetch; a failed fetch is not kept. A destination URL that
 * already ends in {@code .json} is taken as the card's own URL.
 */
final class AgentCards {

    static final String CARD_PATH = "/.well-known/agent-card.json";
    static final String LEGACY_CARD_PATH = "/.well-known/agent.json";

    private record Entry(CompletableFuture<AgentCard> card, long expiresAt) {
    }

    private final A2aHttp http;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Map<URI, Entry> cards = new ConcurrentHashMap<>();

    AgentCards(A2aHttp http, Duration ttl, LongSupplier nanoTime) {
        this.http = http;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    CompletableFuture<AgentCard> card(URI base, String bearer) {
        long now = nanoTime.getAsLong();
        Entry entry = cards.compute(base, (url, old) -> old != null && now - old.expiresAt < 0
                && !old.card.isCompletedExceptionally() ? old : new Entry(fetch(url, bearer), now + ttlNanos));
        return entry.card.whenComplete((card, failure) -> {
            if (failure != null) {
                cards.remove(base, entry);
            }
        });
    }

    private CompletableFuture<AgentCard> fetch(URI base, String bearer) {
        String path = base.getPath() == null ? "" : base.getPath();
        if (path.endsWith(".json")) {
            return fetchAt(base, bearer, null);
        }
        String root = base.toString().replaceAll("/+$", "");
        return fetchAt(URI.create(root + CARD_PATH), bearer, URI.create(root + LEGACY_CARD_PATH));
    }

    private CompletableFuture<AgentCard> fetchAt(URI url, String bearer, URI fallback) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET().header("Accept", "application/json");
        if (!bearer.isEmpty()) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request).handle((answer, failure) -> {
            if (failure != null) {
                throw new VerdictException(AgentVerdict.noAnswer("agent card " + url, failure));
            }
            return answer;
        }).thenCompose(answer -> {
            if (answer.status() == 404 && fallback != null) {
                return fetchAt(fallback, bearer, null);
            }
            if (answer.status() != 200) {
                throw new VerdictException(AgentVerdict.http("agent card " + url, answer));
            }
            try {
                return CompletableFuture.completedFuture(AgentCard.parse(JsonRpc.parse(answer.body()), url));
            } catch (JsonRpc.MalformedAnswerException e) {
                throw new VerdictException(AgentVerdict.noAnswer("agent card " + url, e));
            } catch (AgentCard.InvalidCardException e) {
                throw new VerdictException(AgentVerdict.unusable("agent card " + url + ": " + e.getMessage()));
            }
        });
    }
}
