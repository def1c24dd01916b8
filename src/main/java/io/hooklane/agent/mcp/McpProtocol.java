package io.hooklane.agent.mcp;

import java.util.List;
import java.util.Set;

/** Names and numbers of the Model Context Protocol that Hooklane's MCP client uses. */
final class McpProtocol {

    /** The stateless revision: no session, per-request {@code _meta}, {@code Mcp-Method} / {@code Mcp-Name}. */
    static final String MODERN = "2026-07-28";
    /** The session-based revisions Hooklane speaks, newest first: the first is the one {@code initialize} asks for. */
    static final List<String> LEGACY = List.of("2025-11-25", "2025-06-18", "2025-03-26");

    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";
    static final String METHOD_HEADER = "Mcp-Method";
    static final String NAME_HEADER = "Mcp-Name";

    static final String META_PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
    static final String META_CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    static final String META_CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    /** Hooklane's own {@code _meta} key: the delivery's stable id, the same for every attempt, for deduplication. */
    static final String META_WEBHOOK_ID = "io.hooklane/webhook-id";

    static final int METHOD_NOT_FOUND = -32601;
    static final int HEADER_MISMATCH = -32020;
    static final int MISSING_CLIENT_CAPABILITY = -32021;
    static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;
    /** The errors only a 2026-07-28 server answers with: their presence in a 400 identifies a modern server. */
    static final Set<Integer> MODERN_ERRORS = Set.of(HEADER_MISMATCH, MISSING_CLIENT_CAPABILITY,
            UNSUPPORTED_PROTOCOL_VERSION);

    static final String CLIENT_NAME = "hooklane";
    static final String CLIENT_VERSION = "1.0";

    private McpProtocol() {
    }
}
