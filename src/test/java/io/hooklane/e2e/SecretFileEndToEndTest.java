package io.hooklane.e2e;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.hooklane.testing.SignedWebhook;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A source secret read from {@code <VARIABLE>_FILE} (a mounted container secret), in the prod profile. */
class SecretFileEndToEndTest {

    @Test
    void a_source_secret_from_its_file_variable_verifies_webhooks_and_never_reaches_the_log() throws Exception {
        String secret = "generic-secret-from-a-mounted-file-" + System.nanoTime();
        Path file = Files.createTempDirectory(Path.of("target"), "secret-").resolve("generic");
        Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
        TestReceiver receiver = new TestReceiver();
        Map<String, String> config = StartupTest.prod(receiver);
        config.remove("GENERIC_WEBHOOK_SECRET");
        config.put("GENERIC_WEBHOOK_SECRET_FILE", file.toAbsolutePath().toString());

        String logs;
        try (LogCapture capture = new LogCapture()) {
            TestGateway gateway = TestGateway.startWith(config);
            try {
                SignedWebhook webhook = SignedWebhook.generic(secret).baseUrl(gateway.baseUrl())
                        .withBody("{\"event\":\"loyalty.points_added\",\"data\":{\"id\":\"c-1\"}}");

                HttpResponse<String> accepted = gateway.post(webhook.build());
                HttpResponse<String> forged = gateway.post(webhook.signedWith(TestGateway.SECRETS.get("generic"))
                        .build());

                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
                IngestEndToEndTest.assertError(forged, 401, "invalid_signature");
            } finally {
                gateway.close();
            }
            logs = capture.text();
        } finally {
            receiver.close();
        }
        assertThat(logs).isNotEmpty().doesNotContain(secret);
    }
}
