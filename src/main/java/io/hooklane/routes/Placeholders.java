package io.hooklane.routes;

import java.util.Optional;

import org.apache.camel.CamelContext;

/** Resolves the {@code {{key}}} placeholders of a route file's value, as the gateway would. */
@FunctionalInterface
public interface Placeholders {

    /** @return the value with its placeholders resolved; empty when one has no value and no default */
    Optional<String> resolve(String text);

    static Placeholders of(CamelContext context) {
        return text -> {
            if (text == null || !text.contains("{{")) {
                return Optional.ofNullable(text);
            }
            try {
                return Optional.of(context.resolvePropertyPlaceholders(text));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        };
    }
}
