package io.hooklane.bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Kafka helpers for run.sh, all bounded in time:
 * <pre>
 * KafkaTool ready BOOTSTRAP SECONDS              wait until the broker answers (exit 1 after SECONDS)
 * KafkaTool create BOOTSTRAP TOPIC PARTITIONS    create a topic (replication factor 1) unless it exists
 * KafkaTool count BOOTSTRAP TOPIC                print the number of records on the topic (sum over partitions of
 *                                                end offset - start offset; no transactions are used here)
 * </pre>
 */
public final class KafkaTool {

    public static void main(String[] args) throws Exception {
        String bootstrap = args[1];
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        switch (args[0]) {
            case "ready": {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[2]));
                try (Admin admin = Admin.create(config)) {
                    while (true) {
                        try {
                            int nodes = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                            if (nodes > 0) {
                                System.out.println("broker ready at " + bootstrap + " (" + nodes + " node)");
                                return;
                            }
                        } catch (Exception e) {
                            // not yet
                        }
                        if (System.nanoTime() > deadline) {
                            System.err.println("broker at " + bootstrap + " not ready in time");
                            System.exit(1);
                        }
                        Thread.sleep(500);
                    }
                }
            }
            case "create": {
                try (Admin admin = Admin.create(config)) {
                    admin.createTopics(List.of(new NewTopic(args[2], Optional.of(Integer.parseInt(args[3])),
                            Optional.of((short) 1)))).all().get(30, TimeUnit.SECONDS);
                    System.out.println("created topic " + args[2] + " with " + args[3] + " partitions");
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
                return;
            }
            case "count": {
                try (Admin admin = Admin.create(config)) {
                    TopicDescription d = admin.describeTopics(List.of(args[2])).allTopicNames()
                            .get(30, TimeUnit.SECONDS).get(args[2]);
                    List<TopicPartition> parts = d.partitions().stream()
                            .map(p -> new TopicPartition(args[2], p.partition())).collect(Collectors.toList());
                    var latest = admin.listOffsets(parts.stream().collect(Collectors.toMap(Function.identity(),
                            p -> OffsetSpec.latest()))).all().get(30, TimeUnit.SECONDS);
                    var earliest = admin.listOffsets(parts.stream().collect(Collectors.toMap(Function.identity(),
                            p -> OffsetSpec.earliest()))).all().get(30, TimeUnit.SECONDS);
                    long count = 0;
                    for (TopicPartition p : parts) {
                        count += latest.get(p).offset() - earliest.get(p).offset();
                    }
                    System.out.println(count);
                }
                return;
            }
            default:
                throw new IllegalArgumentException("ready|create|count");
        }
    }
}
