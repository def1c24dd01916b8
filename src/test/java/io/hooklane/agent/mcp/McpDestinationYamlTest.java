package io.hooklane.agent.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

import io.hooklane.deliver.AttemptExchange;
import io.hooklane.deliver.DestinationCredentials;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

/**
 * The YAML a destination route uses to call {@code mcpDelivery} (README, "Agents over MCP"): a {@code protocol}
 * parameter read from {@code <DEST>_PROTOCOL} chooses the step, and the route passes the endpoint, tool and deadline.
 */
class McpDestinationYamlTest {

    static final String ROUTES = """
            - routeTemplate:
                id: agent-destination
                parameters:
                  - name: name
                  - name: url
                  - name: protocol
                    defaultValue: http
                  - name: tool
                    defaultValue: handle_commerce_event
                  - name: timeoutMillis
                    defaultValue: "30000"
                route:
                  from:
                    uri: "direct:{{name}}"
                    steps:
                      - choice:
                          when:
                            - simple: "'{{protocol}}' == 'mcp'"
                              steps:
                                - setProperty: { name: hooklane.mcp.url, constant: "{{url}}" }
                                - setProperty: { name: hooklane.mcp.tool, constant: "{{tool}}" }
                                - setProperty: { name: hooklane.attempt.timeoutMillis, constant: "{{timeoutMillis}}" }
                                - process: { ref: mcpDelivery }
                          otherwise:
                            steps:
                              - setProperty: { name: protocolUsed, constant: http }
            - templatedRoute:
                routeTemplateRef: agent-destination
                routeId: deliver-support-agent
                parameters:
                  - { name: name, value: support-agent }
                  - { name: url, value: "{{SUPPORT_AGENT_URL}}" }
                  - { name: protocol, value: "{{SUPPORT_AGENT_PROTOCOL:http}}" }
                  - { name: tool, value: "{{SUPPORT_AGENT_MCP_TOOL:handle_commerce_event}}" }
            - templatedRoute:
                routeTemplateRef: agent-destination
                routeId: deliver-crm
                parameters:
                  - { name: name, value: crm }
                  - { name: url, value: "{{CRM_URL}}" }
                  - { name: protocol, value: "{{CRM_PROTOCOL:http}}" }
            """;

    @Test
    void a_destination_switched_to_mcp_by_its_environment_calls_the_tool_and_the_others_stay_on_http()
            throws Exception {
        try (SdkMcpServer server = SdkMcpServer.sessions(McpDeliveryTest.tools())) {
            CamelContext camel = new DefaultCamelContext();
            Properties settings = new Properties();
            settings.put("SUPPORT_AGENT_URL", server.url());
            settings.put("SUPPORT_AGENT_PROTOCOL", "mcp");
            settings.put("SUPPORT_AGENT_MCP_TOOL", "summarize");
            settings.put("CRM_URL", "http://127.0.0.1:9/crm");
            camel.getPropertiesComponent().setInitialProperties(settings);
            camel.getRegistry().bind("mcpDelivery", new McpDelivery(new McpDestinations(k -> null,
                    new DestinationCredentials(k -> null, true), Duration.ofSeconds(20), 1024 * 1024), 2,
                    Clock.systemUTC()));
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("agents.camel.yaml", ROUTES));
            camel.start();
            try {
                Exchange support = camel.createProducerTemplate().send("direct:support-agent", e -> attempt(e,
                        "support-agent"));
                Exchange crm = camel.createProducerTemplate().send("direct:crm", e -> attempt(e, "crm"));

                assertThat(support.getException()).isNull();
                assertThat(support.getProperty(AttemptExchange.AGENT_OUTCOME)).isEqualTo("completed");
                assertThat(McpRoute.reply(support)).isEqualTo("\"noted: payment.failed\"");
                assertThat(crm.getProperty("protocolUsed")).isEqualTo("http");
                assertThat(server.seen("tools/call")).hasSize(1);
            } finally {
                camel.stop();
            }
        }
    }

    private static void attempt(Exchange e, String destination) {
        e.getMessage().setBody(McpRoute.EVENT.getBytes(StandardCharsets.UTF_8));
        e.setProperty(AttemptExchange.DESTINATION, destination);
        e.setProperty(AttemptExchange.WEBHOOK_ID, "msg_yaml_" + destination);
    }

}
