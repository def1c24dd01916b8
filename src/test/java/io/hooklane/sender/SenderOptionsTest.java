package io.hooklane.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SenderOptionsTest {

    static final String ACME = """
            - templatedRoute:
                routeTemplateRef: webhook-source
                routeId: ingest-acme
                parameters:
                  - { name: source, value: acme }
                  - { name: scheme, value: generic }
                  - { name: secretKey, value: ACME_WEBHOOK_SECRET }
                  - { name: header, value: X-Acme-Signature }
                  - { name: algorithm, value: sha512 }
                  - { name: encoding, value: base64 }
            - route:
                id: unrelated
                from: { uri: "timer:x" }
            """;

    @Test
    void defaultsTheSchemeToTheSourceNameAndTheUrlToTheLocalGateway() throws Exception {
        SenderOptions options = SenderOptions.parse("stripe", "payment.failed");

        assertThat(options).isEqualTo(new SenderOptions("stripe", "payment.failed", "http://127.0.0.1:8080",
                "stripe", 1, null, false, "routes",
                new SourceSigning("stripe", "stripe", "STRIPE_WEBHOOK_SECRET", "", "", "", "", "")));
    }

    @Test
    void readsEveryOptionInBothForms() throws Exception {
        SenderOptions options = SenderOptions.parse("--count", "3", "shop-eu", "--scheme=shopify",
                "order.created", "--url", "https://gw.example.com", "--secret=s3");

        assertThat(options).isEqualTo(new SenderOptions("shop-eu", "order.created", "https://gw.example.com",
                "shopify", 3, "s3", false, "routes", SourceSigning.ofScheme("shop-eu", "shopify")));
    }

    @Test
    void aSourceDeclaredInTheRouteFilesIsSignedAsDeclared(@TempDir Path routes) throws Exception {
        Files.writeString(routes.resolve("acme.camel.yaml"), ACME);

        SenderOptions options = SenderOptions.parse(name -> null, "acme", "order.created", "--routes",
                routes.toString());

        assertThat(options.scheme()).isEqualTo("generic");
        assertThat(options.signing()).isEqualTo(new SourceSigning("acme", "generic", "ACME_WEBHOOK_SECRET",
                "X-Acme-Signature", "sha512", "base64", "", ""));
    }

    @Test
    void aDeclaredParameterWrittenAsAPlaceholderIsReadFromTheEnvironmentElseItsDefault(@TempDir Path routes)
            throws Exception {
        Files.writeString(routes.resolve("acme.camel.yaml"), ACME.replace("sha512", "\"{{ACME_ALGO:sha512}}\"")
                .replace("X-Acme-Signature", "\"{{ACME_HEADER:X-Acme-Signature}}\""));

        SenderOptions options = SenderOptions.parse(name -> "ACME_HEADER".equals(name) ? "X-Acme-Sig" : null,
                "acme", "order.created", "--routes=" + routes);

        assertThat(options.signing().header()).isEqualTo("X-Acme-Sig");
        assertThat(options.signing().algorithm()).isEqualTo("sha512");
    }

    @Test
    void aDeclaredSourceOfASchemeTheSenderCannotSignIsAUsageError(@TempDir Path routes) throws Exception {
        Files.writeString(routes.resolve("x.camel.yaml"), ACME.replace("value: generic", "value: twilio"));

        assertThatThrownBy(() -> SenderOptions.parse(name -> null, "acme", "order.created", "--routes",
                routes.toString())).isInstanceOf(UsageException.class).hasMessageContaining("'twilio'");
    }

    @Test
    void theShippedRouteFilesDeclareTheSampleSources() throws Exception {
        assertThat(SenderOptions.parse("generic", "order.created").signing()).isEqualTo(new SourceSigning(
                "generic", "generic", "GENERIC_WEBHOOK_SECRET", "X-Hooklane-Signature", "sha256", "hex", "sha256=",
                ""));
        assertThat(SenderOptions.parse("acp", "order.created").signing().secretKey())
                .isEqualTo("ACP_WEBHOOK_SECRET");
    }

    @Test
    void helpIsNotAnError() throws Exception {
        assertThat(SenderOptions.parse("--help").help()).isTrue();
    }

    @Test
    void aSourceThatIsNoSchemeNeedsScheme() {
        assertThatThrownBy(() -> SenderOptions.parse("shop-eu", "order.created"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--scheme");
    }

    @Test
    void anEventThePlatformLacksListsWhatItHas() {
        assertThatThrownBy(() -> SenderOptions.parse("paddle", "shipment.updated"))
                .isInstanceOf(UsageException.class).hasMessageContaining("paddle has: order.created");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "stripe", "stripe payment.failed extra", "stripe payment.failed --count 0",
        "stripe payment.failed --count x", "stripe payment.failed --count", "stripe payment.failed --bogus 1",
        "stripe payment.failed --url ftp://x", "stripe no.such.event", "svix order.created",
        "custom order.created --scheme svix", "stripe review.created"})
    void badUsageExitsWithTwoAndPrintsTheUsage(String line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SampleSender sender = new SampleSender(HttpClient.newHttpClient(), print(out), print(err), name -> null,
                Clock.systemUTC(), SampleRequests.randomIds());

        int code = sender.run(line.isEmpty() ? new String[0] : line.split(" "));

        assertThat(code).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: ").contains(SampleSender.USAGE_LINE)
                .contains("shopify: order.created").contains("review.created");
    }

    @Test
    void aMalformedStandardSecretIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SampleSender sender = new SampleSender(HttpClient.newHttpClient(), print(new ByteArrayOutputStream()),
                print(err), name -> null, Clock.systemUTC(), SampleRequests.randomIds());

        assertThat(sender.run("standard", "order.created", "--secret", "whsec_%%%")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("whsec_");
    }

    private static PrintStream print(ByteArrayOutputStream sink) {
        return new PrintStream(sink, true, StandardCharsets.UTF_8);
    }
}
