package io.hooklane.agent.mcp;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

import io.hooklane.deliver.DestinationCredentials;

/**
 * One MCP destination: the server's Streamable HTTP endpoint, the tool that receives the events, an optional bearer
 * token, and the bounds of one call. Built by {@link #of}, which names the setting of any value it refuses.
 */
public record McpSettings(String destination, URI url, String tool, String token, Duration timeout,
                          long maxResponseBytes) {

    public static final String DEFAULT_TOOL = "handle_commerce_event";
    /**
     * MCP's tool names (1 to 128 of A-Z, a-z, 0-9, {@code _ - .}); they also travel as the {@code Mcp-Name} header,
     * so only header-safe ones are accepted and none needs the header's base64 form.
     */
    private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Pattern HEADER_VALUE = Pattern.compile("[\\x21-\\x7E]+");

    /**
     * @param urlKey  the setting the URL came from, named in the error when it is refused
     * @param toolKey the setting the tool name came from
     */
    public static McpSettings of(String destination, String url, String urlKey, String tool, String toolKey,
                                 String token, Duration timeout, long maxResponseBytes) {
        URI uri;
        try {
            uri = url == null ? null : URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null
                || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            throw new IllegalArgumentException(urlKey + " must be the http(s) URL of the MCP endpoint of destination '"
                    + destination + "' but was '" + url + "'");
        }
        String name = tool == null || tool.isBlank() ? DEFAULT_TOOL : tool.trim();
        if (!TOOL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(toolKey + " must be an MCP tool name (1 to 128 of A-Z a-z 0-9 _ - .)"
                    + " but was '" + tool + "'");
        }
        if (token != null && !token.isBlank() && !HEADER_VALUE.matcher(token.trim()).matches()) {
            throw new IllegalArgumentException(DestinationCredentials.envPrefix(destination) + "_AUTH_TOKEN of"
                    + " destination '" + destination + "' must be visible ASCII characters (its value is not shown)");
        }
        if (timeout.isNegative() || timeout.isZero() || maxResponseBytes < 1024) {
            throw new IllegalArgumentException("the MCP call of destination '" + destination + "' needs a positive"
                    + " timeout and a response cap of at least 1024 bytes, but had " + timeout.toMillis() + " ms and "
                    + maxResponseBytes + " bytes");
        }
        return new McpSettings(destination, uri, name, token == null ? "" : token.trim(), timeout, maxResponseBytes);
    }

    /** Same endpoint, another deadline (one attempt's). */
    McpSettings withTimeout(Duration attemptTimeout) {
        return new McpSettings(destination, url, tool, token, attemptTimeout, maxResponseBytes);
    }

    @Override
    public String toString() {
        return "McpSettings[" + destination + ", " + url + ", tool " + tool + (token.isEmpty() ? "" : ", token ***")
                + "]";
    }
}
