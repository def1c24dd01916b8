package io.hooklane.agent.mcp;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import io.hooklane.deliver.DestinationCredentials;

/**
 * Each MCP destination's settings, from what its route passes ({@link McpDelivery#URL}, {@link McpDelivery#TOOL})
 * or else from the configuration: {@code <DEST>_URL}, {@code <DEST>_MCP_TOOL} (default
 * {@value McpSettings#DEFAULT_TOOL}) and the bearer token {@code <DEST>_AUTH_TOKEN}, where {@code <DEST>} is the
 * destination's name in upper case with {@code -} and {@code .} as {@code _} ({@code SUPPORT_AGENT_URL}).
 */
public final class McpDestinations {

    private final UnaryOperator<String> config;
    private final DestinationCredentials credentials;
    private final Duration timeout;
    private final long maxResponseBytes;
    private final Map<String, McpSettings> settings = new ConcurrentHashMap<>();

    /** @param config looks a key up (environment, properties), returning null when it is not set */
    public McpDestinations(UnaryOperator<String> config, DestinationCredentials credentials, Duration timeout,
                           long maxResponseBytes) {
        this.config = config;
        this.credentials = credentials;
        this.timeout = timeout;
        this.maxResponseBytes = maxResponseBytes;
    }

    /**
     * @param url  the endpoint the route passes, or null to read {@code <DEST>_URL}
     * @param tool the tool the route passes, or null to read {@code <DEST>_MCP_TOOL}
     * @throws IllegalArgumentException naming the setting, when a value is not usable
     */
    public McpSettings settings(String destination, String url, String tool) {
        return settings.computeIfAbsent(destination + '\n' + url + '\n' + tool, key -> {
            String prefix = DestinationCredentials.envPrefix(destination);
            String urlKey = url != null ? "the url parameter of destination '" + destination + "'" : prefix + "_URL";
            String toolKey = tool != null ? "the tool parameter of destination '" + destination + "'"
                    : prefix + "_MCP_TOOL";
            return McpSettings.of(destination, url != null ? url : config.apply(prefix + "_URL"), urlKey,
                    tool != null ? tool : config.apply(prefix + "_MCP_TOOL"), toolKey,
                    credentials.authToken(destination), timeout, maxResponseBytes);
        });
    }
}
