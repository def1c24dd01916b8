package io.hooklane.agent.mcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Server-Sent Events parsing (the WHATWG event stream format) over bytes as they arrive: lines end in CR, LF or CRLF,
 * {@code data:} lines of one event are joined with LF, a blank line dispatches the event, comments ({@code :}) and
 * other fields are ignored. Only events of type {@code message} (the default) are dispatched. Memory is bounded by
 * the caller, which counts the bytes it feeds.
 */
final class SseEvents {

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String type = "";
    private boolean afterCr;

    void feed(byte[] bytes, Consumer<String> onEvent) {
        for (byte b : bytes) {
            if (b == '\n' && afterCr) {
                afterCr = false;
                continue;
            }
            afterCr = b == '\r';
            if (b == '\r' || b == '\n') {
                endLine(onEvent);
            } else {
                line.write(b);
            }
        }
    }

    private void endLine(Consumer<String> onEvent) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.isEmpty()) {
            if (hasData && (type.isEmpty() || type.equals("message"))) {
                onEvent.accept(data.toString());
            }
            data.setLength(0);
            hasData = false;
            type = "";
            return;
        }
        if (text.startsWith(":")) {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("data")) {
            if (hasData) {
                data.append('\n');
            }
            data.append(value);
            hasData = true;
        } else if (field.equals("event")) {
            type = value;
        }
    }
}
