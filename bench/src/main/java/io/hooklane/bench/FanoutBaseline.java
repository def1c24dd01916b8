package io.hooklane.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The fan-out baseline: a webhook fan-out pipeline written by hand with the plain clients (Vert.x, kafka-clients,
 * javax.crypto), no Camel and no Hooklane code, with the gateway's Kafka hops and guarantees, in one JVM:
 * <ol>
 * <li><b>ingest</b>: {@link KafkaAckServer}, 202 after the broker acknowledged the body on the events topic
 * (acks=all, idempotent), keyed by the webhook id;</li>
 * <li><b>router</b>: one {@link KafkaConsumer} on the events topic; each event is wrapped once in a CloudEvents JSON
 * envelope (so a delivery is about as large as the gateway's) and produced to every destination's queue topic with
 * the event's key (acks=all, idempotent, {@code linger.ms=1}); the event's offset is committed once all its records
 * are acknowledged (in order per partition: the next poll does not wait for the acknowledgements; commits at most
 * every 200 ms, as the gateway);</li>
 * <li><b>deliverers</b>: per destination a {@link KafkaConsumer} in its own group, feeding one of the deliveries' event
 * loops ({@code --event-loops}, a Vert.x instance apart from the ingest's {@code --ingest-loops}), which POSTs
 * each record with a Vert.x {@link HttpClient} (up to {@code --max-in-flight} at once, one key's records one after
 * the other, as the gateway's default {@code ordering: subject}), signed the Standard Webhooks way (HMAC-SHA256 over
 * {@code id.timestamp.body}, a secret per destination); a 2xx answer completes a record, anything else is retried
 * with exponential backoff (1 s doubling, at most 30 s, full jitter); offsets are committed below the oldest
 * unanswered record of each partition (at most every 200 ms); a destination holding {@code --max-buffered} records pauses its partitions.</li>
 * </ol>
 * What it leaves out, which the gateway does: checking the webhook's signature, normalising it, duplicate detection,
 * routing rules (every event goes to every destination), dead letters, circuit breakers, retry state shared through
 * Kafka, metrics. It is the plumbing's ceiling on this machine, not a product.
 *
 * <pre>
 * java -cp ... io.hooklane.bench.FanoutBaseline --port P --bootstrap HOST:PORT --receiver-port R [--destinations 8]
 *     [--ingest-loops 1] [--event-loops 2] [--partitions 6] [--max-in-flight 256] [--max-buffered 1024]
 * </pre>
 * Destinations {@code fan-1..fan-N} are {@code http://127.0.0.1:R/fan-i}; topics {@value #EVENTS_TOPIC} and
 * {@value #QUEUE_PREFIX}{@code fan-i}; groups {@value #ROUTER_GROUP} and {@value #DELIVER_GROUP_PREFIX}{@code fan-i}.
 */
public final class FanoutBaseline {

    static final String EVENTS_TOPIC = "fanout.events";
    static final String QUEUE_PREFIX = "fanout.deliver.";
    static final String ROUTER_GROUP = "fanout-router";
    static final String DELIVER_GROUP_PREFIX = "fanout-deliver-";

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration PAUSED_POLL = Duration.ofMillis(5);
    /** Offsets are committed at most this often while running (each commit is a write to the broker), as the gateway. */
    private static final long COMMIT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    // options
    int port = -1;
    String bootstrap;
    int receiverPort = -1;
    int destinations = 8;
    int ingestLoops = 1;
    int eventLoops = 2;
    int partitions = 6;
    int maxInFlight = 256;
    int maxBuffered = 1024;

    public static void main(String[] args) throws Exception {
        FanoutBaseline b = new FanoutBaseline();
        b.parse(args);
        try {
            b.run();
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1); // its consumer threads would keep the JVM alive
        }
    }

    void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(v);
                case "--bootstrap" -> bootstrap = v;
                case "--receiver-port" -> receiverPort = Integer.parseInt(v);
                case "--destinations" -> destinations = Integer.parseInt(v);
                case "--ingest-loops" -> ingestLoops = Integer.parseInt(v);
                case "--event-loops" -> eventLoops = Integer.parseInt(v);
                case "--partitions" -> partitions = Integer.parseInt(v);
                case "--max-in-flight" -> maxInFlight = Integer.parseInt(v);
                case "--max-buffered" -> maxBuffered = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        if (port <= 0 || receiverPort <= 0 || bootstrap == null) {
            throw new IllegalArgumentException("--port, --receiver-port and --bootstrap are required");
        }
        if (!bootstrap.startsWith("127.0.0.1:") && !bootstrap.startsWith("localhost:")) {
            throw new IllegalArgumentException("--bootstrap must be on the loopback interface");
        }
        if (destinations < 1 || destinations > 32 || ingestLoops < 1 || eventLoops < 1 || partitions < 1
                || maxInFlight < 1 || maxBuffered < maxInFlight) {
            throw new IllegalArgumentException("--destinations 1..32, loops and partitions >= 1,"
                    + " --max-buffered >= --max-in-flight >= 1");
        }
    }

    void run() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= destinations; i++) {
            names.add("fan-" + i);
        }
        createTopics(names);

        Producer<String, byte[]> ingestProducer = new KafkaProducer<>(KafkaAckServer.producerConfig(bootstrap));
        KafkaAckServer.awaitMetadata(ingestProducer, EVENTS_TOPIC);
        // the webhooks' event loop(s) apart from the deliveries': a burst of deliveries does not hold up a 202
        Vertx ingest = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(ingestLoops));
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));

        CountDownLatch assigned = new CountDownLatch(destinations + 1);
        List<String> queues = names.stream().map(n -> QUEUE_PREFIX + n).toList();
        Router router = new Router(bootstrap, queues, assigned);
        List<Deliverer> deliverers = new ArrayList<>();
        for (String name : names) {
            Deliverer d = new Deliverer(this, name, assigned);
            deliverers.add(d);
            vertx.deployVerticle(d).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        router.start();
        // every consumer has its partitions before the first webhook is accepted (they would read from the earliest
        // offset anyway: this keeps the group joins out of the first deliveries' latency)
        if (!assigned.await(60, TimeUnit.SECONDS)) {
            System.err.println("fanout-baseline: not every consumer got its partitions within 60 s; starting anyway");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            router.stop();
            deliverers.forEach(Deliverer::stopPolling);
            System.out.printf("fanout-baseline: routed %d events (%d queue records, %d failed sends); delivered %s%n",
                    router.routed.get(), router.produced.get(), router.failedSends.get(),
                    deliverers.stream().map(Deliverer::summary).toList());
            ingestProducer.close(Duration.ofSeconds(5));
            try {
                ingest.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // shutting down anyway
            }
        }, "fanout-baseline-stop"));
        ingest.deployVerticle(() -> new KafkaAckServer(port, ingestProducer, EVENTS_TOPIC),
                new DeploymentOptions().setInstances(ingestLoops)).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        System.out.printf("fanout-baseline listening on 127.0.0.1:%d (ingest %d event loop(s), delivery %d); %s -> router ->"
                        + " %d queue topics (%d partitions each) -> POST http://127.0.0.1:%d/fan-1..fan-%d, at most %d"
                        + " in flight and %d buffered per destination; Kafka %s%n", port, ingestLoops, eventLoops,
                EVENTS_TOPIC, destinations, partitions, receiverPort, destinations, maxInFlight, maxBuffered, bootstrap);
    }

    private void createTopics(List<String> names) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            List<NewTopic> topics = new ArrayList<>();
            topics.add(new NewTopic(EVENTS_TOPIC, Optional.of(partitions), Optional.empty()));
            names.forEach(n -> topics.add(new NewTopic(QUEUE_PREFIX + n, Optional.of(partitions), Optional.empty())));
            for (var f : admin.createTopics(topics).values().values()) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    static Properties consumerConfig(String bootstrap, String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    /** Calls back once, when the consumer first has its partitions. */
    private static ConsumerRebalanceListener countAssignment(CountDownLatch assigned) {
        return new ConsumerRebalanceListener() {
            private boolean counted;

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (!counted && !partitions.isEmpty()) {
                    counted = true;
                    assigned.countDown();
                }
            }
        };
    }

    // ------------------------------------------------------------------------------------------------------- router

    /** Events topic -> one record per destination queue; an event's offset is committed once all its sends are acked. */
    static final class Router {
        private final KafkaConsumer<String, byte[]> consumer;
        private final Producer<String, byte[]> producer;
        private final List<String> queues;
        private final Thread thread;
        private volatile boolean running = true;
        final AtomicLong routed = new AtomicLong();
        final AtomicLong produced = new AtomicLong();
        final AtomicLong failedSends = new AtomicLong();
        /** Per partition of the events topic (index = partition): events whose sends are not all acknowledged yet. */
        private final Map<Integer, ArrayDeque<Pending>> pending = new HashMap<>();
        /** Per partition: the offset after the last event whose sends are all acknowledged, and the last committed. */
        private final Map<TopicPartition, Long> position = new HashMap<>();
        private final Map<TopicPartition, Long> committed = new HashMap<>();
        private long lastCommit = System.nanoTime();

        Router(String bootstrap, List<String> queues, CountDownLatch assigned) {
            this.queues = queues;
            this.consumer = new KafkaConsumer<>(consumerConfig(bootstrap, ROUTER_GROUP));
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "fanout-router");
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            // one poll's records for every queue in one produce request instead of a request per first record
            p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
            // a full buffer blocks the router (backpressure) rather than failing sends
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            this.producer = new KafkaProducer<>(p);
            consumer.subscribe(List.of(EVENTS_TOPIC), countAssignment(assigned));
            this.thread = new Thread(this::loop, "fanout-router");
        }

        void start() {
            thread.start();
        }

        private void loop() {
            try {
                while (running) {
                    ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                    for (ConsumerRecord<String, byte[]> r : records) {
                        byte[] document = CloudEvent.wrap(r.key(), r.partition(), r.offset(), r.timestamp(), r.value());
                        Pending p = new Pending(r.offset(), queues.size(), failedSends);
                        pending.computeIfAbsent(r.partition(), k -> new ArrayDeque<>()).add(p);
                        for (String queue : queues) {
                            producer.send(new ProducerRecord<>(queue, r.key(), document), p);
                        }
                        routed.incrementAndGet();
                        produced.addAndGet(queues.size());
                    }
                    commitAcknowledged(false);
                }
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                System.err.println("fanout-baseline router stopped: " + e);
            } finally {
                producer.flush();
                commitAcknowledged(true);
                producer.close(Duration.ofSeconds(5));
                consumer.close(Duration.ofSeconds(5));
            }
        }

        /**
         * Moves, per partition, the commit position past every event of an unbroken run of acknowledged ones, and
         * commits it (at most every 200 ms unless {@code last}). A failed send (the producer gave up after its
         * delivery timeout) rewinds the partition to that event: it and the ones after it are routed again (at least
         * once, as the gateway).
         */
        private void commitAcknowledged(boolean last) {
            for (var e : pending.entrySet()) {
                ArrayDeque<Pending> q = e.getValue();
                long next = -1;
                Pending head;
                while ((head = q.peek()) != null && head.get() == 0) {
                    if (head.failed) {
                        consumer.seek(new TopicPartition(EVENTS_TOPIC, e.getKey()), head.offset);
                        q.clear();
                        break;
                    }
                    q.poll();
                    next = head.offset + 1;
                }
                if (next >= 0) {
                    position.put(new TopicPartition(EVENTS_TOPIC, e.getKey()), next);
                }
            }
            long now = System.nanoTime();
            if (!last && now - lastCommit < COMMIT_INTERVAL_NANOS) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            position.forEach((tp, o) -> {
                if (!o.equals(committed.get(tp))) {
                    offsets.put(tp, new OffsetAndMetadata(o));
                }
            });
            if (offsets.isEmpty()) {
                return;
            }
            lastCommit = now;
            offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
            try {
                if (last) {
                    consumer.commitSync(offsets, Duration.ofSeconds(5));
                } else {
                    consumer.commitAsync(offsets, null);
                }
            } catch (RuntimeException e) {
                System.err.println("fanout-baseline router: commit failed: " + e);
            }
        }

        void stop() {
            running = false;
            consumer.wakeup();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One event being routed: the sends not yet acknowledged (count), and whether one of them failed. */
    static final class Pending extends AtomicInteger implements Callback {
        final long offset;
        private final AtomicLong failures;
        volatile boolean failed;

        Pending(long offset, int sends, AtomicLong failures) {
            super(sends);
            this.offset = offset;
            this.failures = failures;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            if (error != null) {
                failed = true; // before the count reaches 0: the router reads the flag after seeing 0
                failures.incrementAndGet();
            }
            decrementAndGet();
        }
    }

    /** The CloudEvents JSON envelope the router writes once per event (JSON data embedded byte for byte). */
    static final class CloudEvent {
        private static final byte[] TAIL_JSON = "\",\"datacontenttype\":\"application/json\",\"data\":"
                .getBytes(StandardCharsets.US_ASCII);
        private static final byte[] TAIL_BINARY = "\",\"datacontenttype\":\"application/octet-stream\",\"data_base64\":\""
                .getBytes(StandardCharsets.US_ASCII);

        static byte[] wrap(String key, int partition, long offset, long timestampMillis, byte[] data) {
            String id = key != null && plain(key) ? key : "evt-" + partition + "-" + offset;
            byte[] head = ("{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/webhooks\","
                    + "\"type\":\"webhook.received\",\"time\":\""
                    + DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(timestampMillis)))
                    .getBytes(StandardCharsets.US_ASCII);
            boolean json = isJson(data);
            byte[] body = json ? data : Base64.getEncoder().encode(data);
            byte[] tail = json ? TAIL_JSON : TAIL_BINARY;
            byte[] document = new byte[head.length + tail.length + body.length + (json ? 1 : 2)];
            System.arraycopy(head, 0, document, 0, head.length);
            System.arraycopy(tail, 0, document, head.length, tail.length);
            System.arraycopy(body, 0, document, head.length + tail.length, body.length);
            if (!json) {
                document[document.length - 2] = '"';
            }
            document[document.length - 1] = '}';
            return document;
        }

        /** A JSON object or array (by its first byte: the load is JSON or not at all). */
        static boolean isJson(byte[] data) {
            for (byte b : data) {
                if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                    continue;
                }
                return b == '{' || b == '[';
            }
            return false;
        }

        /** Printable ASCII without quote or backslash: written into the JSON string as is. */
        static boolean plain(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                    return false;
                }
            }
            return !s.isEmpty();
        }
    }

    // --------------------------------------------------------------------------------------------------- deliverer

    /**
     * One destination: a consumer thread polling its queue topic and handing each poll's records to this verticle's
     * event loop, which delivers them, keeps the per-partition commit position and publishes it for the consumer
     * thread to commit.
     */
    static final class Deliverer extends AbstractVerticle {
        private final String name;
        private final String path;
        private final String topic;
        private final int receiverPort;
        private final int maxInFlight;
        private final int maxBuffered;
        private final byte[] secret = new byte[32];
        private final Properties consumerConfig;
        private final CountDownLatch assigned;
        private Thread poller;
        private volatile boolean running = true;
        private volatile KafkaConsumer<String, byte[]> consumer;

        // shared between the consumer thread and the event loop
        /** Records handed to the event loop and not delivered yet; the consumer pauses at maxBuffered. */
        private final AtomicInteger buffered = new AtomicInteger();
        /** Per partition, the offset to commit (below the oldest unanswered record); written by the event loop. */
        private final Map<TopicPartition, Long> committable = new ConcurrentHashMap<>();

        // the event loop's own state
        private Context loop;
        private HttpClient http;
        private Mac mac;
        private final Base64.Encoder base64 = Base64.getEncoder();
        private final Map<Integer, Track> tracks = new HashMap<>();
        /** Keys with a record in flight (or waiting for a slot); the value holds that key's later records, or null. */
        private final Map<String, ArrayDeque<Entry>> busyKeys = new HashMap<>();
        private final ArrayDeque<Entry> ready = new ArrayDeque<>();
        private int inFlight;
        private volatile long delivered;
        private volatile long failedAttempts;

        Deliverer(FanoutBaseline b, String name, CountDownLatch assigned) {
            this.name = name;
            this.path = "/" + name;
            this.topic = QUEUE_PREFIX + name;
            this.receiverPort = b.receiverPort;
            this.maxInFlight = b.maxInFlight;
            this.maxBuffered = b.maxBuffered;
            this.consumerConfig = consumerConfig(b.bootstrap, DELIVER_GROUP_PREFIX + name);
            this.assigned = assigned;
            new SecureRandom().nextBytes(secret);
        }

        @Override
        public void start() throws GeneralSecurityException {
            loop = context;
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            http = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_1_1)
                            .setKeepAlive(true).setTcpNoDelay(true).setConnectTimeout(5000)
                            .setDefaultHost("127.0.0.1").setDefaultPort(receiverPort),
                    new PoolOptions().setHttp1MaxSize(maxInFlight));
            poller = new Thread(this::poll, "fanout-deliver-" + name);
            poller.start();
        }

        // consumer thread
        private void poll() {
            KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerConfig);
            consumer = c;
            Map<TopicPartition, Long> committed = new HashMap<>();
            boolean paused = false;
            try {
                c.subscribe(List.of(topic), countAssignment(assigned));
                while (running) {
                    commit(c, committed);
                    int held = buffered.get();
                    if (!paused && held >= maxBuffered) {
                        c.pause(c.assignment());
                        paused = true;
                    } else if (paused && held <= maxBuffered / 2) {
                        c.resume(c.paused());
                        paused = false;
                    }
                    ConsumerRecords<String, byte[]> records = c.poll(paused ? PAUSED_POLL : POLL);
                    if (!records.isEmpty()) {
                        buffered.addAndGet(records.count());
                        loop.runOnContext(v -> accept(records));
                    }
                }
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                System.err.println("fanout-baseline " + name + " consumer stopped: " + e);
            } finally {
                try {
                    Map<TopicPartition, OffsetAndMetadata> all = new HashMap<>();
                    committable.forEach((tp, o) -> all.put(tp, new OffsetAndMetadata(o)));
                    if (!all.isEmpty()) {
                        c.commitSync(all, Duration.ofSeconds(5));
                    }
                } catch (RuntimeException e) {
                    System.err.println("fanout-baseline " + name + ": last commit failed: " + e);
                }
                c.close(Duration.ofSeconds(5));
            }
        }

        private long lastCommit = System.nanoTime();

        /** Commits the positions the event loop published that moved (at most every 200 ms). */
        private void commit(KafkaConsumer<String, byte[]> c, Map<TopicPartition, Long> committed) {
            long now = System.nanoTime();
            if (now - lastCommit < COMMIT_INTERVAL_NANOS) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = null;
            for (var e : committable.entrySet()) {
                Long before = committed.get(e.getKey());
                if (before == null || e.getValue() > before) {
                    if (offsets == null) {
                        offsets = new HashMap<>();
                    }
                    offsets.put(e.getKey(), new OffsetAndMetadata(e.getValue()));
                    committed.put(e.getKey(), e.getValue());
                }
            }
            if (offsets != null) {
                lastCommit = now;
                c.commitAsync(offsets, (o, error) -> {
                    if (error != null) {
                        System.err.println("fanout-baseline " + name + ": commit failed: " + error);
                    }
                });
            }
        }

        void stopPolling() {
            running = false;
            KafkaConsumer<String, byte[]> c = consumer;
            if (c != null) {
                c.wakeup();
            }
            try {
                if (poller != null) {
                    poller.join(10_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        String summary() {
            return name + "=" + delivered + (failedAttempts > 0 ? " (" + failedAttempts + " failed attempts)" : "");
        }

        // event loop
        private void accept(ConsumerRecords<String, byte[]> records) {
            for (ConsumerRecord<String, byte[]> r : records) {
                Track track = tracks.computeIfAbsent(r.partition(), p -> new Track(new TopicPartition(topic, p)));
                Entry e = new Entry(track, r.offset(), r.key(), r.value());
                track.add(e);
                String key = r.key();
                if (key == null) {
                    ready.add(e);
                } else if (!busyKeys.containsKey(key)) {
                    busyKeys.put(key, null);
                    ready.add(e);
                } else {
                    busyKeys.computeIfAbsent(key, k -> new ArrayDeque<>(2)).add(e);
                }
            }
            pump();
        }

        private void pump() {
            Entry e;
            while (inFlight < maxInFlight && (e = ready.poll()) != null) {
                inFlight++;
                attempt(e);
            }
        }

        private void attempt(Entry e) {
            String id = e.key != null && CloudEvent.plain(e.key) ? e.key : "evt-" + e.track.tp.partition() + "-" + e.offset;
            long timestamp = System.currentTimeMillis() / 1000;
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            String signature = "v1," + base64.encodeToString(mac.doFinal(e.value));
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(path).setIdleTimeout(30_000)
                    .addHeader("content-type", "application/cloudevents+json")
                    .addHeader("webhook-id", id)
                    .addHeader("webhook-timestamp", Long.toString(timestamp))
                    .addHeader("webhook-signature", signature);
            http.request(options)
                    .compose(req -> req.send(Buffer.buffer(e.value)))
                    .compose(resp -> resp.body().map(b -> resp.statusCode()))
                    .onComplete(ar -> {
                        if (ar.succeeded() && ar.result() >= 200 && ar.result() < 300) {
                            done(e);
                        } else {
                            if (failedAttempts < 3) { // the first few, to tell a slow receiver from a refusing one
                                System.err.println("fanout-baseline " + name + ": attempt failed, retried: "
                                        + (ar.succeeded() ? "status " + ar.result() : ar.cause().toString()));
                            }
                            retry(e);
                        }
                    });
        }

        /** A failed attempt: the record keeps its slot and is tried again after 1 s doubling, at most 30 s, jittered. */
        private void retry(Entry e) {
            failedAttempts++;
            long ceiling = Math.min(30_000L, 1000L << Math.min(e.attempts++, 5));
            vertx.setTimer(Math.max(1, ThreadLocalRandom.current().nextLong(ceiling + 1)), id -> attempt(e));
        }

        private void done(Entry e) {
            inFlight--;
            delivered++;
            buffered.decrementAndGet();
            long position = e.track.answered(e);
            if (position >= 0) {
                committable.put(e.track.tp, position);
            }
            if (e.key != null) {
                ArrayDeque<Entry> later = busyKeys.get(e.key);
                Entry next = later == null ? null : later.poll();
                if (next != null) {
                    ready.add(next);
                } else {
                    busyKeys.remove(e.key);
                }
            }
            pump();
        }
    }

    /** One partition of a queue topic: its records not yet answered, in offset order (one event loop's). */
    static final class Track {
        final TopicPartition tp;
        private final ArrayDeque<Entry> open = new ArrayDeque<>();

        Track(TopicPartition tp) {
            this.tp = tp;
        }

        /** A record polled after every record added before it. */
        void add(Entry e) {
            open.add(e);
        }

        /**
         * The record was answered: the offset to commit now (that of the oldest record still unanswered, or the one
         * after the last record when none is), or -1 when it did not move (an older record is still unanswered).
         */
        long answered(Entry e) {
            e.done = true;
            if (open.peek() != e) {
                return -1;
            }
            Entry head;
            long next = -1;
            while ((head = open.peek()) != null && head.done) {
                open.poll();
                next = head.offset + 1;
            }
            return head != null ? head.offset : next;
        }
    }

    static final class Entry {
        final Track track;
        final long offset;
        final String key;
        final byte[] value;
        int attempts;
        boolean done;

        Entry(Track track, long offset, String key, byte[] value) {
            this.track = track;
            this.offset = offset;
            this.key = key;
            this.value = value;
        }
    }
}
