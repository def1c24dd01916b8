package io.hooklane.agent.mcp;

import java.io.IOException;

/** An MCP server's answer (a JSON body or an SSE stream) went past the response cap before it ended. */
final class ResponseTooLargeException extends IOException {

    ResponseTooLargeException(long cap) {
        super("the answer went past " + cap + " bytes without the JSON-RPC response");
    }
}
