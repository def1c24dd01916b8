package io.hooklane.a2a;

import java.net.URI;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What Hooklane needs from an agent card: the JSON-RPC endpoint, the A2A version it speaks there, and whether the
 * agent pushes task updates.
 *
 * <p>1.0 (§4.4.1 AgentCard, §4.4.6 AgentInterface): {@code supportedInterfaces} in order of preference, each with
 * {@code url}, {@code protocolBinding} ({@code JSONRPC}) and {@code protocolVersion}. 0.3: a top-level
 * {@code url} with {@code preferredTransport} (JSONRPC when absent), {@code additionalInterfaces}
 * ({@code url}, {@code transport}) and a top-level {@code protocolVersion} such as {@code 0.3.0}. Both put
 * {@code pushNotifications} under {@code capabilities}.
 */
record AgentCard(URI endpoint, A2aVersion version, boolean pushNotifications) {

    /** Reads a card fetched from {@code cardUrl}; relative interface URLs resolve against it. */
    static AgentCard parse(JsonNode card, URI cardUrl) {
        if (card == null || !card.isObject()) {
            throw new InvalidCardException("the agent card is not a JSON object");
        }
        boolean push = card.path("capabilities").path("pushNotifications").asBoolean(false);
        for (JsonNode face : card.path("supportedInterfaces")) {
            if (isJsonRpc(face.path("protocolBinding").asText("")) && face.hasNonNull("url")) {
                return new AgentCard(endpoint(face.path("url").asText(), cardUrl),
                        version(face.path("protocolVersion").asText("1.0")), push);
            }
        }
        String topVersion = card.path("protocolVersion").asText("0.3.0");
        if (card.hasNonNull("url") && isJsonRpc(card.path("preferredTransport").asText("JSONRPC"))) {
            return new AgentCard(endpoint(card.path("url").asText(), cardUrl), version(topVersion), push);
        }
        for (JsonNode face : card.path("additionalInterfaces")) {
            if (isJsonRpc(face.path("transport").asText("")) && face.hasNonNull("url")) {
                return new AgentCard(endpoint(face.path("url").asText(), cardUrl), version(topVersion), push);
            }
        }
        throw new InvalidCardException("the agent card offers no JSON-RPC interface");
    }

    private static boolean isJsonRpc(String binding) {
        return binding.replace("-", "").equalsIgnoreCase("JSONRPC");
    }

    private static A2aVersion version(String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("v")) {
            v = v.substring(1);
        }
        if (v.startsWith("0.")) {
            return A2aVersion.V0_3;
        }
        if (v.startsWith("1.") || v.equals("1")) {
            return A2aVersion.V1_0;
        }
        throw new InvalidCardException("the agent card's protocol version '" + ReceiverTexts.clip(text)
                + "' is not one Hooklane speaks (1.0, 0.3)");
    }

    private static URI endpoint(String url, URI cardUrl) {
        URI uri;
        try {
            uri = cardUrl.resolve(url.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidCardException("the agent card's interface URL is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new InvalidCardException("the agent card's interface URL is not an http(s) URL");
        }
        return uri;
    }

    /** A card Hooklane cannot use: the agent's configuration, not a passing failure. */
    static final class InvalidCardException extends RuntimeException {
        InvalidCardException(String message) {
            super(message, null, false, false);
        }
    }
}
