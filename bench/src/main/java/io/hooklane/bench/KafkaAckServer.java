package io.hooklane.bench;

import java.util.Properties;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Baseline (b): the machine's durable-ingest limit. A plain Vert.x server that writes each request body to Kafka
 * with one asynchronous producer (acks=all, idempotent, linger.ms=5, batch.size 64 KiB) and answers 202 from the
 * send callback, i.e. only after the broker's acknowledgement (503 if the send fails). No signature check.
 *
 * <pre>java -cp ... io.hooklane.bench.KafkaAckServer PORT BOOTSTRAP TOPIC [EVENT_LOOPS]</pre>
 */
public final class KafkaAckServer extends AbstractVerticle {

    private final int port;
    private final Producer<String, byte[]> producer;
    private final String topic;

    KafkaAckServer(int port, Producer<String, byte[]> producer, String topic) {
        this.port = port;
        this.producer = producer;
        this.topic = topic;
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        String bootstrap = args[1];
        String topic = args[2];
        int loops = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        Producer<String, byte[]> producer = new KafkaProducer<>(producerConfig(bootstrap));
        awaitMetadata(producer, topic);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        vertx.deployVerticle(() -> new KafkaAckServer(port, producer, topic), new DeploymentOptions().setInstances(loops))
                .onSuccess(id -> System.out.println("kafka-ack server listening on 127.0.0.1:" + port + " with " + loops
                        + " event loop(s), topic " + topic + " on " + bootstrap))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
        Runtime.getRuntime().addShutdownHook(new Thread(producer::close));
    }

    /** The producer: acks=all, idempotent, linger.ms=5, batch.size 64 KiB, bounded blocking and delivery. */
    static Properties producerConfig(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2500);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /** The topic's metadata before the first request (retried: a busy machine can make the first fetch slow). */
    static void awaitMetadata(Producer<String, byte[]> producer, String topic) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                producer.partitionsFor(topic);
                return;
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void start(Promise<Void> started) {
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true))
                .requestHandler(this::handle)
                .listen()
                .<Void>mapEmpty()
                .onComplete(started);
    }

    private void handle(HttpServerRequest req) {
        if (req.method() != io.vertx.core.http.HttpMethod.POST) {
            req.response().setStatusCode(202).end(); // readiness probe
            return;
        }
        Context context = vertx.getOrCreateContext();
        req.body().onSuccess(body -> {
            String key = req.getHeader("webhook-id");
            if (key == null) {
                key = req.getHeader("x-shopify-webhook-id");
            }
            try {
                producer.send(new ProducerRecord<>(topic, key, body.getBytes()), (md, error) ->
                        context.runOnContext(v -> {
                            if (error == null) {
                                req.response().setStatusCode(202).putHeader("content-type", "application/json")
                                        .end("{\"status\":\"accepted\"}");
                            } else {
                                req.response().setStatusCode(503).end();
                            }
                        }));
            } catch (RuntimeException e) {
                req.response().setStatusCode(503).end();
            }
        }).onFailure(e -> req.response().setStatusCode(400).end());
    }
}
