package io.hooklane.sender;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a sample body template. Each distinct {@code ${id:name}} draws one fresh id from the supplier (reused for
 * the same name within one body); {@code ${num:name}}, {@code ${uuid:name}} and {@code ${hex:name}} are numeric,
 * UUID and lowercase-hex forms derived from that id. {@code ${now}}, {@code ${now:offset}}, {@code ${now:local}},
 * {@code ${epoch}} and {@code ${event}} come from the clock and the requested event.
 */
final class Template {

    private static final Pattern TOKEN = Pattern.compile("\\$\\{([a-z]+)(?::([A-Za-z0-9_]+))?}");
    private static final ZoneId SHOP_ZONE = ZoneId.of("America/New_York");
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final Supplier<String> ids;
    private final Instant now;
    private final String event;
    private final Map<String, String> drawn = new HashMap<>();

    private Template(Supplier<String> ids, Clock clock, String event) {
        this.ids = ids;
        this.now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        this.event = event;
    }

    static String render(String template, Supplier<String> ids, Clock clock, String event) {
        Template t = new Template(ids, clock, event);
        Matcher m = TOKEN.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 256);
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(t.value(m.group(1), m.group(2))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String value(String kind, String name) {
        switch (kind) {
            case "now": return now(name);
            case "epoch": return Long.toString(now.getEpochSecond());
            case "event": return event;
            case "id": return id(name);
            case "num": return Long.toString(number(id(name)));
            case "uuid": return uuid(id(name)).toString();
            case "hex": return uuid(id(name)).toString().replace("-", "").substring(0, 26);
            default: throw new IllegalStateException("unknown template token " + kind);
        }
    }

    private String now(String form) {
        if (form == null) {
            return DateTimeFormatter.ISO_INSTANT.format(now);
        }
        switch (form) {
            case "offset": return OFFSET.format(now.atZone(SHOP_ZONE));
            case "local": return LOCAL.format(now.atOffset(ZoneOffset.UTC));
            default: throw new IllegalStateException("unknown time form " + form);
        }
    }

    private String id(String name) {
        return drawn.computeIfAbsent(name == null ? "" : name, k -> ids.get());
    }

    /** A 13-digit positive id: the id itself when it is a small number, else derived from its hash. */
    private static long number(String id) {
        if (id.matches("[1-9][0-9]{0,17}")) {
            return Long.parseLong(id);
        }
        long bits = uuid(id).getMostSignificantBits();
        return 1_000_000_000_000L + Math.floorMod(bits, 9_000_000_000_000L);
    }

    private static UUID uuid(String id) {
        return UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8));
    }
}
