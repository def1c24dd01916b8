package io.hooklane.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.hooklane.config.DemoSecrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResolverTest {

    @Test
    void explicitSecretWinsOverTheEnvironment() {
        SecretResolver resolver = new SecretResolver(Map.of("STRIPE_WEBHOOK_SECRET", "whsec_env")::get);

        assertThat(resolver.resolve("stripe", "stripe", "whsec_flag")).isEqualTo("whsec_flag");
    }

    @Test
    void usesTheFirstOfACommaSeparatedEnvValue() {
        SecretResolver resolver = new SecretResolver(Map.of("PADDLE_WEBHOOK_SECRET", " new , old")::get);

        assertThat(resolver.resolve("paddle", "paddle", null)).isEqualTo("new");
    }

    @Test
    void squareReadsItsSignatureKeyVariable() {
        SecretResolver resolver = new SecretResolver(Map.of("SQUARE_WEBHOOK_SIGNATURE_KEY", "sq-key")::get);

        assertThat(resolver.resolve("square", "square", null)).isEqualTo("sq-key");
        assertThat(SecretResolver.envVar("standard")).isEqualTo("STANDARD_WEBHOOKS_SECRET");
    }

    @Test
    void fallsBackToTheFileVariant(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), "from-file,older\n");
        SecretResolver resolver = new SecretResolver(Map.of("SHOPIFY_WEBHOOK_SECRET_FILE", file.toString())::get);

        assertThat(resolver.resolve("shopify", "shopify", null)).isEqualTo("from-file");
    }

    @Test
    void anUnreadableFileIsAnError(@TempDir Path dir) {
        SecretResolver resolver = new SecretResolver(
                Map.of("GITHUB_WEBHOOK_SECRET_FILE", dir.resolve("missing").toString())::get);

        assertThat(catchThrowable(() -> resolver.resolve("github", "github", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GITHUB_WEBHOOK_SECRET_FILE");
    }

    @Test
    void fallsBackToTheDevProfilesDemoSecret() {
        SecretResolver resolver = new SecretResolver(name -> null);

        assertThat(resolver.resolve("standard", "standard", null)).isEqualTo(DemoSecrets.forSource("standard", "standard"))
                .startsWith("whsec_");
        assertThat(resolver.resolve("shop-eu", "shopify", "")).isEqualTo(DemoSecrets.forSource("shop-eu", "shopify"));
    }

    @Test
    void otherSourcesUseTheirOwnVariableName() {
        assertThat(SecretResolver.envVar("shop-eu")).isEqualTo("SHOP_EU_WEBHOOK_SECRET");
    }
}
