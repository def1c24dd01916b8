package io.hooklane.sender;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Realistic sample bodies for each (scheme, commerce event) pair a platform has, with fresh ids from the injected
 * supplier so that repeated sends are distinct events. Stripe bodies are pretty-printed as Stripe sends them, the
 * others compact.
 */
public final class SamplePayloads {

    /** The commerce event vocabulary. */
    public static final List<String> EVENTS = List.of("order.created", "order.updated", "payment.failed", "payment.succeeded",
            "refund.created", "inventory.updated", "product.updated", "shipment.updated", "customer.created",
            "customer.updated", "review.created");

    private static final Map<String, Map<String, SampleTemplate>> TEMPLATES = templates();
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final ObjectWriter COMPACT = MAPPER.writer();
    private static final ObjectWriter STRIPE = MAPPER.writer(stripePrinter());

    private final Supplier<String> ids;
    private final Clock clock;

    public SamplePayloads(Supplier<String> ids, Clock clock) {
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A fresh sample body for the pair.
     *
     * @throws IllegalArgumentException for an unknown scheme or an event the platform does not have, listing the
     *     pairs that exist
     */
    public SamplePayload build(String scheme, String event) {
        SampleTemplate template = TEMPLATES.getOrDefault(scheme, Map.of()).get(event);
        if (template == null) {
            throw new IllegalArgumentException("no sample for scheme '" + scheme + "' and event '" + event
                    + "'; samples exist for:\n" + describe());
        }
        String filled = Template.render(template.template(), ids, clock, event);
        return new SamplePayload(scheme, event, template.providerType(), format(scheme, filled));
    }

    /** The events a scheme has samples for, in vocabulary order (empty for an unknown scheme). */
    public static Set<String> events(String scheme) {
        return TEMPLATES.getOrDefault(scheme, Map.of()).keySet();
    }

    public static boolean supports(String scheme, String event) {
        return events(scheme).contains(event);
    }

    /** One line per scheme: {@code stripe: order.created, payment.failed, ...}. */
    public static String describe() {
        return TEMPLATES.entrySet().stream()
                .map(e -> "  " + e.getKey() + ": " + String.join(", ", e.getValue().keySet()))
                .collect(Collectors.joining("\n"));
    }

    private static String format(String scheme, String json) {
        try {
            JsonNode tree = MAPPER.readTree(json);
            return ("stripe".equals(scheme) ? STRIPE : COMPACT).writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sample template for " + scheme + " is not valid JSON", e);
        }
    }

    private static DefaultPrettyPrinter stripePrinter() {
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        return new DefaultPrettyPrinter(separators).withObjectIndenter(indenter).withArrayIndenter(indenter);
    }

    private static Map<String, Map<String, SampleTemplate>> templates() {
        Map<String, Map<String, SampleTemplate>> all = new LinkedHashMap<>();
        all.put("standard", CommerceSamples.standard());
        all.put("stripe", StripeSamples.all());
        all.put("shopify", ShopifySamples.all());
        all.put("woocommerce", WooCommerceSamples.all());
        all.put("github", GitHubSamples.all());
        all.put("square", SquareSamples.all());
        all.put("paddle", PaddleSamples.all());
        all.put("generic", CommerceSamples.generic());
        all.put("acp", AcpSamples.all());
        all.put("ucp", UcpSamples.all());
        all.replaceAll((scheme, byEvent) -> sortedByVocabulary(byEvent));
        return all;
    }

    private static Map<String, SampleTemplate> sortedByVocabulary(Map<String, SampleTemplate> byEvent) {
        Map<String, SampleTemplate> sorted = new LinkedHashMap<>();
        EVENTS.stream().filter(byEvent::containsKey).forEach(e -> sorted.put(e, byEvent.get(e)));
        return sorted;
    }
}
