package io.hooklane.bench;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hooklane.sender.SamplePayload;
import io.hooklane.sender.SamplePayloads;
import io.hooklane.sender.WebhookSigner;
import io.hooklane.sender.WebhookSigners;
import io.vertx.core.buffer.Buffer;

/**
 * Signed webhook requests with unique ids, cheap enough to make tens of thousands a second on a shared core.
 *
 * <p>The bodies come from the gateway's own {@link SamplePayloads} (realistic Standard Webhooks, Stripe and Shopify
 * shapes), rendered once per (source, event, size) with marker ids, padded to about 1 KB or 8 KB with an extra
 * top-level field. Each request copies a template and overwrites every marker with a fresh 16-character token (so
 * every id in the body, and the delivery id header, is unique in the run), then signs the result with the
 * gateway's {@link WebhookSigners signer} for the scheme. Not thread-safe: one instance per event loop.
 */
final class Payloads {

    static final List<String> SOURCES = List.of("standard", "stripe", "shopify");
    static final List<String> EVENTS = List.of("order.created", "payment.succeeded", "refund.created");
    /** Stripe's order.created sample is a checkout session, which the shipped routing does not route. */
    private static final Map<String, List<String>> EVENTS_BY_SOURCE = Map.of(
            "stripe", List.of("customer.created", "payment.succeeded", "refund.created"));
    static final int SMALL = 1024;
    static final int LARGE = 8 * 1024;

    private static final String FILLER = "AAAAAAAAAAAAAAAA";
    private static final Pattern MARKER = Pattern.compile("zq[0-9]{2}" + FILLER);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Shared by every generator thread: ids are unique across threads and, with the nonce, across processes. */
    private static final AtomicLong SEQ = new AtomicLong();
    private static final long SEQ_MASK = 0xFFFFFFFFFFL;
    private static final long NONCE_MASK = 0xFFFFFFL;
    private static final HexFormat HEX = HexFormat.of();

    /** A subject written into {@code data.id}: "subj" and 16 digits, the length of a marker token with its prefix. */
    static final String SUBJECT_PLACEHOLDER = "subj0000000000000000";
    private static final int SUBJECT_DIGITS = 16;

    /**
     * One rendered body with the offsets of its marker tokens, and of the digits of its subject ({@code data.id}:
     * -1 unless the generator sends per-subject keys).
     */
    record Template(String source, String event, String topic, byte[] body, int[] tokenOffsets, int subjectOffset) {
    }

    /** One request ready to send. */
    record Request(String source, String uri, Map<String, String> headers, byte[] body) {
    }

    private final List<Template> small = new ArrayList<>();
    private final List<Template> large = new ArrayList<>();
    private final Map<String, WebhookSigner> signers = new java.util.HashMap<>();
    private final long nonce;
    private final int largeEvery;
    private final int subjects;
    private String currentId = "";
    private long currentSeq = -1;
    private int currentSubject = -1;

    /**
     * @param secrets the secret per source, in the form the gateway expects (Standard Webhooks: whsec_...)
     * @param largeEvery every n-th request carries the 8 KB body (0: never)
     */
    Payloads(Map<String, String> secrets, long nonce, int largeEvery) {
        this(secrets, nonce, largeEvery, null);
    }

    /**
     * @param events only these event types (as named in {@link #EVENTS}; stripe has no order.created); null: all.
     *               A source with none of them is left out of the rotation.
     */
    Payloads(Map<String, String> secrets, long nonce, int largeEvery, java.util.Set<String> events) {
        this(secrets, nonce, largeEvery, events, 0);
    }

    /**
     * @param subjects when &gt; 0: Standard Webhooks requests only, whose {@code data.id} (the gateway's subject, so
     *                 the Kafka key) is one of {@code subjects} values, in turn by sequence number; 0: every event
     *                 its own key, every source
     */
    Payloads(Map<String, String> secrets, long nonce, int largeEvery, java.util.Set<String> events, int subjects) {
        if (subjects < 0 || subjects > 1_000_000) {
            throw new IllegalArgumentException("--subjects must be within 0..1000000, not " + subjects);
        }
        this.nonce = nonce & NONCE_MASK;
        this.largeEvery = largeEvery;
        this.subjects = subjects;
        Clock clock = Clock.systemUTC();
        for (String source : subjects > 0 ? List.of("standard") : SOURCES) {
            String secret = secrets.get(source);
            if (secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("no secret for source " + source);
            }
            Supplier<String> ids = WebhookSigners.deliveryIds(source, () -> currentId);
            signers.put(source, WebhookSigners.forScheme(source, secret, clock, ids));
            for (String event : EVENTS_BY_SOURCE.getOrDefault(source, EVENTS)) {
                if (events != null && !events.contains(event)) {
                    continue;
                }
                small.add(render(source, event, SMALL, clock, subjects > 0));
                large.add(render(source, event, LARGE, clock, subjects > 0));
            }
        }
        if (small.isEmpty()) {
            throw new IllegalArgumentException("no sample for the event types " + events);
        }
    }

    private static Template render(String source, String event, int size, Clock clock, boolean withSubject) {
        int[] k = {0};
        Supplier<String> markers = () -> String.format("zq%02d%s", k[0]++ % 100, FILLER);
        SamplePayload sample = new SamplePayloads(markers, clock).build(source, event);
        String json = sample.json().stripTrailing();
        int length = json.getBytes(StandardCharsets.UTF_8).length;
        // two top-level fields the normalizers ignore, appended as text so the platform's formatting is kept: a
        // unique id (Shopify samples draw only derived numbers and UUIDs) and padding up to about `size` bytes
        String id = String.format("zq99%s", FILLER);
        int pad = Math.max(0, size - length - 60);
        if (!json.endsWith("}")) {
            throw new IllegalStateException("the " + source + " sample is not a JSON object");
        }
        json = json.substring(0, json.length() - 1) + ",\"bench_id\":\"" + id + "\",\"bench_padding\":\""
                + "x".repeat(pad) + "\"}";
        if (withSubject) {
            // the Standard Webhooks normalizer takes the subject from data.id, which the samples leave out
            Matcher data = Pattern.compile("\"data\"\\s*:\\s*\\{").matcher(json);
            if (!data.find()) {
                throw new IllegalStateException("the " + source + " " + event + " sample has no data object");
            }
            json = json.substring(0, data.end()) + "\"id\":\"" + SUBJECT_PLACEHOLDER + "\"," + json.substring(data.end());
        }
        try {
            com.fasterxml.jackson.databind.JsonNode tree = MAPPER.readTree(json);
            if (withSubject && !SUBJECT_PLACEHOLDER.equals(tree.path("data").path("id").asText())) {
                throw new IllegalStateException("no subject in data.id of the " + source + " " + event + " sample");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the padded " + source + " sample is not valid JSON", e);
        }
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String latin = new String(body, StandardCharsets.ISO_8859_1); // one char per byte: offsets are byte offsets
        Matcher m = MARKER.matcher(latin);
        List<Integer> offsets = new ArrayList<>();
        while (m.find()) {
            offsets.add(m.start() + 4);
        }
        if (offsets.isEmpty()) {
            throw new IllegalStateException("no id marker in the " + source + " " + event + " sample");
        }
        int subjectOffset = withSubject ? latin.indexOf(SUBJECT_PLACEHOLDER) + SUBJECT_PLACEHOLDER.length()
                - SUBJECT_DIGITS : -1;
        return new Template(source, event, sample.providerType(), body,
                offsets.stream().mapToInt(Integer::intValue).toArray(), subjectOffset);
    }

    /** The n-th request of this generator: sources, events and sizes rotate; ids are fresh. */
    Request next(long n) {
        List<Template> pool = largeEvery > 0 && n % largeEvery == largeEvery - 1 ? large : small;
        Template t = pool.get((int) (n % pool.size()));
        currentSeq = SEQ.getAndIncrement() & SEQ_MASK;
        String token = HEX.toHexDigits(nonce).substring(10) + HEX.toHexDigits(currentSeq).substring(6);
        byte[] body = t.body().clone();
        byte[] tokenBytes = token.getBytes(StandardCharsets.US_ASCII);
        for (int offset : t.tokenOffsets()) {
            System.arraycopy(tokenBytes, 0, body, offset, tokenBytes.length);
        }
        if (t.subjectOffset() >= 0) {
            currentSubject = (int) (currentSeq % subjects);
            writeDigits(body, t.subjectOffset(), currentSubject);
        }
        currentId = "zq00" + token;
        Map<String, String> headers = new java.util.LinkedHashMap<>(signers.get(t.source()).sign(body, t.topic(), null));
        headers.put("Content-Type", "application/json");
        return new Request(t.source(), "/webhooks/" + t.source(), headers, body);
    }

    private static void writeDigits(byte[] body, int offset, long value) {
        for (int i = offset + SUBJECT_DIGITS - 1; i >= offset; i--) {
            body[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The subject of the last request {@link #next} made (-1 without per-subject keys). */
    int lastSubject() {
        return currentSubject;
    }

    /**
     * The subject in a delivered body: the number after the first "subj" followed by 16 digits, -1 when there is
     * none. Reads the buffer in place.
     */
    static int subject(Buffer body) {
        int length = body.length();
        for (int i = 0; i + 4 + SUBJECT_DIGITS <= length; i++) {
            if (body.getByte(i) == 's' && body.getByte(i + 1) == 'u' && body.getByte(i + 2) == 'b'
                    && body.getByte(i + 3) == 'j') {
                long value = 0;
                int j = i + 4;
                for (; j < i + 4 + SUBJECT_DIGITS && isDigit(body.getByte(j)); j++) {
                    value = value * 10 + body.getByte(j) - '0';
                }
                if (j == i + 4 + SUBJECT_DIGITS) {
                    return (int) value;
                }
            }
        }
        return -1;
    }

    /** The sequence number of the last request {@link #next} made (its token's last 10 hex digits). */
    long lastSeq() {
        return currentSeq;
    }

    /**
     * The sequence number in a delivered body: the token after the first {@code zqNN} marker prefix is 6 hex digits
     * of the run's nonce and 10 of the sequence number. -1 when there is no marker or the token is another run's
     * (another nonce). Reads the buffer in place (a delivery's body is not copied to find it).
     */
    static long seq(Buffer body, long runNonce) {
        int length = body.length();
        for (int i = 0; i + 20 <= length; i++) {
            if (body.getByte(i) == 'z' && body.getByte(i + 1) == 'q' && isDigit(body.getByte(i + 2))
                    && isDigit(body.getByte(i + 3))) {
                long nonce = hex(body, i + 4, 6);
                long seq = hex(body, i + 10, 10);
                return nonce == (runNonce & NONCE_MASK) && seq >= 0 ? seq : -1;
            }
        }
        return -1;
    }

    /**
     * The first marker of this run in a body as text ({@code zqNN} and the 16-character token), null when there is
     * none: what an agent of the protocols scenario echoes in its answer.
     */
    static String token(Buffer body, long runNonce) {
        int length = body.length();
        for (int i = 0; i + 20 <= length; i++) {
            if (body.getByte(i) == 'z' && body.getByte(i + 1) == 'q' && isDigit(body.getByte(i + 2))
                    && isDigit(body.getByte(i + 3))) {
                return hex(body, i + 4, 6) == (runNonce & NONCE_MASK) && hex(body, i + 10, 10) >= 0
                        ? body.getString(i, i + 20, "US-ASCII") : null;
            }
        }
        return null;
    }

    private static long hex(Buffer body, int from, int digits) {
        long value = 0;
        for (int i = from; i < from + digits; i++) {
            int digit = Character.digit(body.getByte(i), 16);
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** The body sizes, for the report. */
    String describe() {
        return String.format("%d templates (%s), bodies %d..%d B (small) and %d..%d B (large, every %d-th request)",
                small.size(), kinds(), small.stream().mapToInt(t -> t.body().length).min().orElse(0),
                small.stream().mapToInt(t -> t.body().length).max().orElse(0),
                large.stream().mapToInt(t -> t.body().length).min().orElse(0),
                large.stream().mapToInt(t -> t.body().length).max().orElse(0), largeEvery);
    }

    private String kinds() {
        return small.stream().map(t -> t.source() + " " + t.event()).collect(java.util.stream.Collectors.joining(", "));
    }
}
