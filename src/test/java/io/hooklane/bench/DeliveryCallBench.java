package io.hooklane.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.hooklane.deliver.DeliveryHttpBinding;
import io.hooklane.deliver.DeliveryHttpComponent;
import io.hooklane.deliver.DestinationCredentials;
import io.hooklane.deliver.OutboundSigner;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.vertx.http.VertxHttpComponent;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The CPU of one delivery attempt's route (sign, POST through vertx-http, read the answer) against a fast receiver,
 * without Kafka: {@code calls} attempts, {@code inFlight} at a time, after as many for warm-up. Prints the CPU
 * seconds per 1,000 attempts of every thread but the receiver's. Two forms of the route:
 * {@code stock} (camel-vertx-http's own component, the protocol and replies choices evaluated per attempt) and
 * {@code engine} (the destinations' component, answered on the event loop, the choices decided at start-up).
 * Run: {@code bench/delivery-call.sh stock|engine [calls] [inFlight]}.
 */
public final class DeliveryCallBench {

    private static final String RECEIVER = "bench-receiver";

    public static void main(String[] args) throws Exception {
        String form = args.length > 0 ? args[0] : "engine";
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        AtomicInteger threadNumber = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        receiver.setExecutor(Executors.newFixedThreadPool(4,
                r -> new Thread(r, RECEIVER + "-" + threadNumber.incrementAndGet())));
        receiver.createContext("/hook", http -> {
            http.getRequestBody().readAllBytes();
            http.sendResponseHeaders(200, -1);
            http.close();
        });
        receiver.start();
        CamelContext camel = new DefaultCamelContext();
        VertxHttpComponent component = form.equals("stock") ? new VertxHttpComponent() : new DeliveryHttpComponent();
        component.setVertxHttpBinding(new DeliveryHttpBinding());
        component.setWebClientOptions(DeliveryHttpBinding.clientOptions());
        camel.getRegistry().bind("vertx-http", component);
        DestinationCredentials credentials = new DestinationCredentials(key -> null, true);
        camel.getRegistry().bind("outboundSigner", new OutboundSigner(credentials, Clock.systemUTC()));
        boolean precondition = !form.equals("stock");
        String url = "vertx-http:http://127.0.0.1:" + receiver.getAddress().getPort()
                + "/hook?httpMethod=POST&throwExceptionOnFailure=false&timeout=30000";
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                var choice = from("direct:attempt").choice();
                if (precondition) {
                    choice.precondition();
                }
                choice.when(simple("'http' == 'mcp'")).log("mcp")
                        .when(simple("'http' == 'a2a'")).log("a2a")
                        .otherwise().process("outboundSigner").to("direct:call")
                        .end();
                var call = from("direct:call").doTry().to(url);
                if (precondition) {
                    call.choice().precondition().when(simple("'false' == 'true'")).log("reply").end();
                } else {
                    call.filter(simple("'false' == 'true'")).log("reply").end();
                }
                call.endDoTry().doCatch(java.io.IOException.class).end();
            }
        });
        camel.start();
        ProducerTemplate template = camel.createProducerTemplate();
        byte[] body = ("{\"specversion\":\"1.0\",\"id\":\"evt_1\",\"type\":\"order.created\",\"data\":{\"x\":\""
                + "y".repeat(1200) + "\"}}").getBytes(StandardCharsets.UTF_8);
        run(template, body, calls, inFlight);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuBefore = cpuButReceiver(threads);
        long wallBefore = System.nanoTime();
        int failed = run(template, body, calls, inFlight);
        long cpu = cpuButReceiver(threads) - cpuBefore;
        long wall = System.nanoTime() - wallBefore;
        System.out.printf(Locale.ROOT, "form=%s calls=%d inFlight=%d failed=%d cpu_s=%.3f cpu_s_per_1000=%.4f"
                        + " calls_per_s=%.0f load_avg=%s%n", form, calls, inFlight, failed, cpu / 1e9,
                cpu / 1e9 / calls * 1000, calls / (wall / 1e9),
                java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
        camel.stop();
        receiver.stop(0);
        System.exit(0);
    }

    private static int run(ProducerTemplate template, byte[] body, int calls, int inFlight) throws Exception {
        Semaphore room = new Semaphore(inFlight);
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < calls; i++) {
            room.acquire();
            String id = "msg_" + i;
            template.asyncSend("direct:attempt", exchange -> {
                exchange.setProperty(OutboundSigner.DESTINATION, "bench");
                exchange.setProperty(OutboundSigner.WEBHOOK_ID, id);
                exchange.getMessage().setBody(body);
            }).whenComplete((exchange, failure) -> {
                Integer status = exchange == null ? null
                        : exchange.getMessage().getHeader("CamelHttpResponseCode", Integer.class);
                if (failure != null || exchange.getException() != null || status == null || status != 200) {
                    failed.incrementAndGet();
                }
                room.release();
            });
        }
        room.acquire(inFlight);
        room.release(inFlight);
        return failed.get();
    }

    /** CPU time of every live thread except the receiver's (its pool and the JDK server's dispatcher). */
    private static long cpuButReceiver(ThreadMXBean threads) {
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null || info.getThreadName().startsWith(RECEIVER)
                    || info.getThreadName().startsWith("HTTP-Dispatcher")) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            total += Math.max(0, cpu);
        }
        return total;
    }
}
