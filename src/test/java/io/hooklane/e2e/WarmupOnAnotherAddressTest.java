package io.hooklane.e2e;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;

import io.hooklane.ingest.IngestWarmup;
import io.hooklane.sender.SamplePayloads;
import io.hooklane.sender.SampleRequest;
import io.hooklane.sender.SampleRequests;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A gateway bound to one non-loopback address of this machine: the warm-up over HTTP is not sent there (only a loopback
 * peer's webhooks are the warm-up's, anything else would be taken as real); the in-process warm-up runs instead, and
 * the gateway is ready all the same.
 */
class WarmupOnAnotherAddressTest {

    private static TestGateway gateway;

    @BeforeAll
    static void start() throws SocketException {
        String address = nonLoopbackAddress();
        assumeTrue(address != null, "this machine has no non-loopback IPv4 address to bind to");
        gateway = TestGateway.start(TestKafka.bootstrapServers(), Map.of("camel.server.host", address,
                "hooklane.warmup.http-webhooks", "60"));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void skips_the_warmup_over_http_and_is_ready_when_bound_to_a_specific_non_loopback_address() {
        assertThat(gateway.baseUrl()).doesNotContain("127.0.0.1");

        HttpResponse<String> ready = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> gateway.send(gateway.request("/observe/health/ready?exposureLevel=full&data=true")
                        .GET().build()), r -> r.statusCode() == 200);

        assertThat(ready.body()).containsPattern("\"warmup.http-webhooks\" ?: ?0\\b");
        // the in-process warm-up ran instead (TestGateway asks for 300 webhooks)
        assertThat(ready.body()).containsPattern("\"warmup.webhooks\" ?: ?[1-9]");
        String brokers = TestKafka.bootstrapServers();
        assertThat(EventTopic.readAll(brokers, gateway.property("hooklane.topic.warmup")))
                .as("records on the warm-up topic").isEmpty();
        // the address takes real webhooks
        HttpResponse<String> response = gateway.post(gateway.signed("stripe").event("payment.failed").build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(EventTopic.readAll(brokers, gateway.property("hooklane.topic.events"))).hasSize(1);

        // the in-process warm-up left no id behind: its first Stripe webhook, exactly as it built it, is new
        String event = SamplePayloads.events("stripe").iterator().next();
        SampleRequest first = SampleRequests.build("stripe", "stripe", event, TestGateway.SECRETS.get("stripe"),
                "http://127.0.0.1", Clock.systemUTC(), IngestWarmup.ids());
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/webhooks/stripe"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(first.body()));
        first.headers().forEach(post::header);
        HttpResponse<String> answer = gateway.send(post.build());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(EventTopic.readAll(brokers, gateway.property("hooklane.topic.events"))).hasSize(2);
    }

    private static String nonLoopbackAddress() throws SocketException {
        for (NetworkInterface face : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!face.isUp() || face.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(face.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return address.getHostAddress();
                }
            }
        }
        return null;
    }
}
