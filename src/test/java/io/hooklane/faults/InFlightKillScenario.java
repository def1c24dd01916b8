package io.hooklane.faults;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.hooklane.e2e.EventTopic;
import io.hooklane.e2e.TestGateway;
import io.hooklane.e2e.TestKafka;
import io.hooklane.e2e.TestReceiver;

import static org.awaitility.Awaitility.await;

/**
 * Scenario 5: a slow destination has every place in flight taken when the gateway is killed with SIGKILL. The
 * support agent (the only destination of {@code shipment.updated}) answers each call after {@code answer} (an agent
 * thinking), has {@value #MAX_IN_FLIGHT} places in flight and orders by subject, over more subjects than places.
 * In three phases:
 * <ol>
 *   <li>each subject's first events are sent and delivered (their offsets committed);</li>
 *   <li>more events are sent to every subject; the agent holds its answers until they are all sent, and from
 *   the moment it holds {@value #MAX_IN_FLIGHT} calls at once it answers none: then the gateway (a child JVM) is killed, and
 *   every call it had in flight is answered 503 (its answer would reach no one);</li>
 *   <li>a new instance with the same configuration is started and more events are sent to it.</li>
 * </ol>
 * Then every acknowledged event must reach the agent (2xx) at least once, and per subject the first delivery of each
 * event must come in the order the events were acknowledged (one sender per subject waits for each 202, so that is
 * their order in Kafka).
 */
public final class InFlightKillScenario {

    /** The agent's maxInFlight in this scenario (the default). */
    public static final int MAX_IN_FLIGHT = 256;
    private static final int SENDERS = 4;
    private static final String TYPE = "shipment.updated";
    /** The only destination of {@link #TYPE} (routes/routing.camel.yaml): an agent, slow to answer. */
    private static final String DESTINATION = "support-agent";
    private static final Duration PHASE = Duration.ofSeconds(90);

    /**
     * @param exitStatus      the killed JVM's exit status (137: SIGKILL)
     * @param inFlightAtKill  calls the receiver held, unanswered, when the kill came
     * @param mostInFlight    the most calls the receiver held at once during the scenario
     * @param sent            events sent in all three phases
     * @param outOfOrder      subjects whose events were first delivered out of order, with what arrived
     * @param readyAgain      from the kill to the new instance answering ready
     */
    public record Outcome(FaultResult result, int exitStatus, int inFlightAtKill, int mostInFlight, int sent,
                          List<String> outOfOrder, Duration readyAgain) {
    }

    private InFlightKillScenario() {
    }

    public static Outcome run(FaultSettings.InFlightKill settings) {
        List<GatewayProcess> started = new ArrayList<>();
        // the killed instance's calls are answered while the new one starts: room for both
        try (TestReceiver receiver = new TestReceiver(2 * MAX_IN_FLIGHT + 64)) {
            HeldAgent agent = new HeldAgent(settings.answer());
            receiver.answer(DESTINATION, request -> agent.answer());
            Map<String, String> config = Scenarios.gatewayConfig(TestKafka.bootstrapServers(), receiver);
            config.put("SUPPORT_AGENT_MAX_IN_FLIGHT", String.valueOf(MAX_IN_FLIGHT));
            config.put("hooklane.delivery.ordering", "subject");
            config.put("hooklane.delivery.timeout-millis", String.valueOf(PHASE.plus(settings.answer()).toMillis()));
            // the breaker stays closed: this scenario is about the calls in flight, not the breaker
            config.put("hooklane.delivery.minimum-calls", "100000");
            config.put("hooklane.delivery.sliding-window-size", "100000");
            List<String> subjects = IntStream.range(0, settings.subjects())
                    .mapToObj(i -> String.format("cus_inflight_%04d", i)).toList();
            Ledger ledger = new Ledger();
            Map<String, List<String>> acked = new ConcurrentHashMap<>();

            GatewayProcess gateway = Scenarios.startReady(config, "in-flight-kill-0", started);
            send(gateway.client(), subjects, settings.deliveredFirst(), ledger, acked);
            int first = ledger.ackCount();
            await("the first events delivered").atMost(PHASE).pollInterval(Duration.ofMillis(200))
                    .until(() -> Deliveries.count(ledger.acks(), receiver).distinct() >= first);

            agent.hold();
            send(gateway.client(), subjects, settings.beforeKill(), ledger, acked);
            agent.allSent();
            await("calls in flight at the agent: " + MAX_IN_FLIGHT).atMost(PHASE).pollInterval(Duration.ofMillis(10))
                    .until(() -> agent.full() && agent.inFlight() >= MAX_IN_FLIGHT);
            int inFlightAtKill = agent.inFlight();
            int exitStatus = gateway.kill9();
            long killedAt = System.nanoTime();
            agent.killed();

            gateway = Scenarios.startReady(config, "in-flight-kill-1", started);
            Duration readyAgain = Duration.ofNanos(System.nanoTime() - killedAt);
            send(gateway.client(), subjects, settings.afterRestart(), ledger, acked);

            Deliveries deliveries = Scenarios.awaitDelivered(ledger, receiver);
            List<String> outOfOrder = outOfOrder(acked, receiver);
            int sent = settings.subjects()
                    * (settings.deliveredFirst() + settings.beforeKill() + settings.afterRestart());
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put(DESTINATION, "maxInFlight " + MAX_IN_FLIGHT + ", ordering subject, answers after "
                    + Scenarios.seconds(settings.answer()));
            facts.put("events", settings.subjects() + " subjects x (" + settings.deliveredFirst() + " delivered + "
                    + settings.beforeKill() + " before the kill + " + settings.afterRestart() + " after the restart)");
            facts.put("kill", "exit status " + exitStatus + " with " + inFlightAtKill + " calls in flight at the agent");
            facts.put("answered 503 after the kill", String.valueOf(agent.lostAnswers()));
            facts.put("most in flight at the agent", String.valueOf(agent.mostInFlight()));
            facts.put("ready again after", Scenarios.seconds(readyAgain));
            facts.put("subjects out of order", outOfOrder.size() + (outOfOrder.isEmpty() ? ""
                    : " " + outOfOrder.subList(0, Math.min(3, outOfOrder.size()))));
            FaultResult result = FaultResult.of("in-flight-kill-9", ledger, deliveries, facts).print();
            return new Outcome(result, exitStatus, inFlightAtKill, agent.mostInFlight(), sent, outOfOrder,
                    readyAgain);
        } finally {
            started.forEach(GatewayProcess::close);
        }
    }

    /**
     * The support agent's receiver: each call is answered after {@code answer}. While it holds (phase 2), a call is also held
     * until every event of the phase was sent, and once {@value #MAX_IN_FLIGHT} calls were held at once no call is
     * answered until the kill; a call made by the killed instance is then answered 503.
     */
    private static final class HeldAgent {

        private final Duration answer;
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger mostInFlight = new AtomicInteger();
        private final AtomicInteger lostAnswers = new AtomicInteger();
        private final CountDownLatch allSent = new CountDownLatch(1);
        private final CountDownLatch full = new CountDownLatch(1);
        private final CountDownLatch killed = new CountDownLatch(1);
        private volatile boolean holding;

        HeldAgent(Duration answer) {
            this.answer = answer;
        }

        TestReceiver.Answer answer() {
            boolean held = holding && killed.getCount() > 0;
            if (mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max) >= MAX_IN_FLIGHT && held) {
                full.countDown();
            }
            try {
                Thread.sleep(answer.toMillis()); // the destination's own latency, not a wait for the test
                if (!held) {
                    return TestReceiver.Answer.of(200);
                }
                allSent.await(PHASE.toMillis(), TimeUnit.MILLISECONDS);
                if (full.getCount() == 0) {
                    killed.await(PHASE.toMillis(), TimeUnit.MILLISECONDS);
                }
                if (killed.getCount() == 0) {
                    lostAnswers.incrementAndGet();
                    return TestReceiver.Answer.of(503);
                }
                return TestReceiver.Answer.of(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return TestReceiver.Answer.of(503);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        void hold() {
            holding = true;
        }

        void allSent() {
            allSent.countDown();
        }

        boolean full() {
            return full.getCount() == 0;
        }

        void killed() {
            killed.countDown();
        }

        int inFlight() {
            return inFlight.get();
        }

        int mostInFlight() {
            return mostInFlight.get();
        }

        int lostAnswers() {
            return lostAnswers.get();
        }
    }

    /**
     * {@code rounds} events per subject, round by round: {@value #SENDERS} threads, each with its own share of the
     * subjects, each event sent once its subject's previous one was answered. The 202s go to the ledger and, per
     * subject in order, to {@code acked}.
     */
    private static void send(TestGateway gateway, List<String> subjects, int rounds, Ledger ledger,
                             Map<String, List<String>> acked) {
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int share = s;
                done.add(senders.submit(() -> {
                    for (int round = 0; round < rounds; round++) {
                        for (int i = share; i < subjects.size(); i += SENDERS) {
                            sendOne(gateway, subjects.get(i), ledger, acked);
                        }
                    }
                }));
            }
            for (Future<?> sender : done) {
                sender.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a sender failed", e.getCause());
        } finally {
            senders.shutdownNow();
        }
    }

    private static void sendOne(TestGateway gateway, String subject, Ledger ledger, Map<String, List<String>> acked) {
        String body = "{\"type\":\"" + TYPE + "\",\"timestamp\":\"" + Instant.now() + "\",\"data\":{\"id\":\""
                + subject + "\"}}";
        ledger.sent();
        try {
            HttpResponse<String> response = gateway.post(gateway.signed("standard").withBody(body).build());
            if (response.statusCode() == 202) {
                String id = field(response, "id");
                ledger.acked(id, TYPE, 0);
                acked.computeIfAbsent(subject, k -> new ArrayList<>()).add(id);
            } else {
                ledger.refused(response.statusCode(), field(response, "error"));
            }
        } catch (RuntimeException noAnswer) {
            ledger.error();
        }
    }

    /**
     * The subjects whose acknowledged events were not first delivered (2xx, by arrival at the receiver) in the
     * order they were acknowledged. Events never delivered are left out here: they count as lost.
     */
    static List<String> outOfOrder(Map<String, List<String>> acked, TestReceiver receiver) {
        Map<String, Set<String>> firstDelivered = new HashMap<>();
        receiver.forDestination(DESTINATION).stream().filter(r -> r.answered() / 100 == 2)
                .sorted(Comparator.comparing(TestReceiver.Received::at))
                .forEach(r -> {
                    var event = EventTopic.json(r.body());
                    firstDelivered.computeIfAbsent(event.path("subject").asText(), k -> new LinkedHashSet<>())
                            .add(event.path("id").asText());
                });
        List<String> wrong = new ArrayList<>();
        acked.forEach((subject, ids) -> {
            Set<String> ackedIds = Set.copyOf(ids);
            List<String> arrived = firstDelivered.getOrDefault(subject, Set.of()).stream()
                    .filter(ackedIds::contains).toList();
            List<String> expected = ids.stream().filter(arrived::contains).toList();
            if (!arrived.equals(expected)) {
                wrong.add(subject + " acked " + ids + ", first delivered " + arrived);
            }
        });
        return wrong.stream().sorted().collect(Collectors.toList());
    }

    private static String field(HttpResponse<String> response, String name) {
        try {
            return EventTopic.json(response.body().getBytes(StandardCharsets.UTF_8)).path(name).asText();
        } catch (RuntimeException notJson) {
            return "";
        }
    }
}
