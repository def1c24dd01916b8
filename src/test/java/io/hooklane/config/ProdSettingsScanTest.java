package io.hooklane.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ProdSettingsScanTest {

    @TempDir
    Path dir;

    @Test
    void names_each_sources_secret_and_each_destinations_url_and_signing_secret_that_is_not_set() throws IOException {
        write("sources.camel.yaml", """
                - templatedRoute:
                    routeTemplateRef: webhook-source
                    parameters:
                      - { name: source, value: acme }
                      - { name: scheme, value: generic }
                      - { name: secretKey, value: ACME_SECRET }
                - templatedRoute:
                    routeTemplateRef: webhook-source
                    parameters:
                      - { name: source, value: stripe }
                      - { name: scheme, value: stripe }
                      - { name: secretKey, value: STRIPE_WEBHOOK_SECRET }
                - templatedRoute:
                    routeTemplateRef: webhook-source
                    parameters:
                      - { name: source, value: ucp }
                      - { name: scheme, value: ucp }
                      - { name: secretKey, value: UCP_TRUSTED_PROFILES }
                      - { name: jwksFile, value: "{{UCP_JWKS_FILE:}}" }
                """);
        write("destinations.camel.yaml", """
                - templatedRoute:
                    routeTemplateRef: destination
                    parameters:
                      - { name: name, value: fraud-agent }
                      - { name: url, value: "{{FRAUD_AGENT_URL:http://127.0.0.1:8080/demo/fraud-agent}}" }
                - templatedRoute:
                    routeTemplateRef: destination
                    parameters:
                      - { name: name, value: crm }
                      - { name: url, value: "{{CRM_URL}}" }
                """);
        Map<String, String> set = Map.of("STRIPE_WEBHOOK_SECRET_FILE", "/run/secrets/stripe", "UCP_JWKS_FILE",
                "/etc/ucp.json", "CRM_URL", "https://crm.example", "CRM_SIGNING_SECRET", "whsec_x");

        assertThat(ProdSettingsScan.missing("file:" + dir + "/*.camel.yaml", set::get)).containsExactly(
                "FRAUD_AGENT_URL", "FRAUD_AGENT_SIGNING_SECRET or HOOKLANE_SIGNING_SECRET",
                "ACME_SECRET (or ACME_SECRET_FILE)");
    }

    @Test
    void an_ingest_only_instance_needs_no_destination_settings_and_a_ucp_source_no_profile_with_a_jwks_file()
            throws IOException {
        write("all.camel.yaml", """
                - templatedRoute:
                    routeTemplateRef: webhook-source
                    parameters:
                      - { name: source, value: ucp }
                      - { name: scheme, value: ucp }
                      - { name: secretKey, value: UCP_TRUSTED_PROFILES }
                      - { name: jwksFile, value: "{{UCP_JWKS_FILE:}}" }
                - templatedRoute:
                    routeTemplateRef: destination
                    parameters:
                      - { name: name, value: crm }
                      - { name: url, value: "{{CRM_URL}}" }
                """);

        assertThat(ProdSettingsScan.missing("file:" + dir + "/*.camel.yaml",
                Map.of("HOOKLANE_DELIVERY_ENABLED", "false")::get))
                .containsExactly("UCP_TRUSTED_PROFILES (or UCP_JWKS_FILE)");
        assertThat(ProdSettingsScan.missing("file:" + dir + "/*.camel.yaml",
                Map.of("HOOKLANE_DELIVERY_ENABLED", "false", "UCP_JWKS_FILE", "/etc/ucp.json")::get)).isEmpty();
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content);
    }
}
