package io.hooklane.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * How every Kafka client of the gateway authenticates and encrypts: the {@code hooklane.kafka.*} settings turned into
 * Kafka client properties, checked once at start-up. A refusal names the key and the bad value, never a secret.
 * {@link #toString()} names no secret either.
 */
public final class KafkaSecurity {

    public static final String PREFIX = "hooklane.kafka.";
    public static final String PROTOCOL = PREFIX + "security-protocol";
    public static final String MECHANISM = PREFIX + "sasl-mechanism";
    public static final String USERNAME = PREFIX + "sasl-username";
    public static final String PASSWORD = PREFIX + "sasl-password";
    public static final String TRUSTSTORE_LOCATION = PREFIX + "ssl-truststore-location";
    public static final String TRUSTSTORE_PASSWORD = PREFIX + "ssl-truststore-password";
    public static final String TRUSTSTORE_TYPE = PREFIX + "ssl-truststore-type";
    public static final String KEYSTORE_LOCATION = PREFIX + "ssl-keystore-location";
    public static final String KEYSTORE_PASSWORD = PREFIX + "ssl-keystore-password";
    public static final String KEYSTORE_TYPE = PREFIX + "ssl-keystore-type";
    public static final String KEY_PASSWORD = PREFIX + "ssl-key-password";
    /** A secret's file variant: {@code hooklane.kafka.sasl-password-file}, env {@code HOOKLANE_KAFKA_SASL_PASSWORD_FILE}. */
    public static final String FILE_SUFFIX = "-file";
    /** Any Kafka client property: {@code hooklane.kafka.client.sasl.login.callback.handler.class}. */
    public static final String CLIENT_PREFIX = PREFIX + "client.";
    /** The same as an environment variable: upper case, dots as underscores. */
    public static final String CLIENT_ENV_PREFIX = "HOOKLANE_KAFKA_CLIENT_";

    static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    static final List<String> MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER", "GSSAPI");
    private static final String JAAS = "sasl.jaas.config";

    /** Properties the gateway sets itself for its guarantees, or that have a hooklane.kafka.* key of their own. */
    private static final Map<String, String> NOT_PASSED_THROUGH = Map.ofEntries(
            Map.entry("bootstrap.servers", "camel.component.kafka.brokers"),
            Map.entry("security.protocol", PROTOCOL),
            Map.entry("sasl.mechanism", MECHANISM),
            Map.entry("ssl.truststore.location", TRUSTSTORE_LOCATION),
            Map.entry("ssl.truststore.password", TRUSTSTORE_PASSWORD),
            Map.entry("ssl.truststore.type", TRUSTSTORE_TYPE),
            Map.entry("ssl.keystore.location", KEYSTORE_LOCATION),
            Map.entry("ssl.keystore.password", KEYSTORE_PASSWORD),
            Map.entry("ssl.keystore.type", KEYSTORE_TYPE),
            Map.entry("ssl.key.password", KEY_PASSWORD),
            Map.entry("key.serializer", ""), Map.entry("value.serializer", ""),
            Map.entry("key.deserializer", ""), Map.entry("value.deserializer", ""),
            Map.entry("group.id", "hooklane.group-prefix"), Map.entry("group.instance.id", ""),
            Map.entry("client.id", ""), Map.entry("enable.auto.commit", ""), Map.entry("auto.offset.reset", ""),
            Map.entry("isolation.level", ""), Map.entry("acks", ""), Map.entry("enable.idempotence", ""),
            Map.entry("transactional.id", ""));

    private final Map<String, Object> common;
    private final Map<String, Object> passedThrough;
    private final String description;

    private KafkaSecurity(Map<String, Object> common, Map<String, Object> passedThrough, String description) {
        this.common = Collections.unmodifiableMap(common);
        this.passedThrough = Collections.unmodifiableMap(passedThrough);
        this.description = description;
    }

    /** Plain connections, as to the embedded broker. */
    public static KafkaSecurity none() {
        return new KafkaSecurity(Map.of(), Map.of(), "PLAINTEXT");
    }

    /**
     * @param lookup     a setting by its key (property, else environment variable); null or blank when unset
     * @param clientKeys Kafka property names given under {@link #CLIENT_PREFIX} (see {@link #clientKeys})
     * @throws IllegalArgumentException naming the key and its bad value (never a secret) when the settings do not fit
     */
    public static KafkaSecurity resolve(Function<String, String> lookup, Collection<String> clientKeys) {
        Map<String, Object> passedThrough = new LinkedHashMap<>();
        for (String key : new TreeSet<>(clientKeys)) {
            if (NOT_PASSED_THROUGH.containsKey(key)) {
                String instead = NOT_PASSED_THROUGH.get(key);
                throw new IllegalArgumentException(CLIENT_PREFIX + key + " (" + envName(CLIENT_PREFIX + key)
                        + ") is not taken: " + (instead.isEmpty() ? "the gateway sets " + key + " itself"
                        : "set " + instead + " instead"));
            }
            String value = lookup.apply(CLIENT_PREFIX + key);
            passedThrough.put(key, value == null ? "" : value);
        }
        String protocol = text(lookup, PROTOCOL).toUpperCase(Locale.ROOT);
        if (protocol.isEmpty()) {
            protocol = "PLAINTEXT";
        } else if (!PROTOCOLS.contains(protocol)) {
            throw invalid(PROTOCOL, text(lookup, PROTOCOL), "one of " + String.join(", ", PROTOCOLS));
        }
        Map<String, Object> common = new LinkedHashMap<>();
        common.put("security.protocol", protocol);
        StringBuilder description = new StringBuilder(protocol);
        sasl(lookup, protocol, passedThrough, common, description);
        ssl(lookup, protocol, common, description);
        if (!passedThrough.isEmpty()) {
            description.append(", with ").append(String.join(", ", passedThrough.keySet()));
        }
        return new KafkaSecurity(common, passedThrough, description.toString());
    }

    private static void sasl(Function<String, String> lookup, String protocol, Map<String, Object> passedThrough,
                             Map<String, Object> common, StringBuilder description) {
        String mechanism = text(lookup, MECHANISM).toUpperCase(Locale.ROOT);
        String user = text(lookup, USERNAME);
        String password = secret(lookup, PASSWORD);
        boolean jaas = passedThrough.containsKey(JAAS);
        if (!protocol.startsWith("SASL_")) {
            for (String key : List.of(MECHANISM, USERNAME, PASSWORD)) {
                if (!text(lookup, key).isEmpty() || (key.equals(PASSWORD) && password != null)) {
                    throw new IllegalArgumentException(key + " (" + envName(key) + ") is set but "
                            + PROTOCOL + " is " + protocol + ": set it to SASL_SSL (or SASL_PLAINTEXT) to use SASL");
                }
            }
            if (jaas) {
                throw new IllegalArgumentException(CLIENT_PREFIX + JAAS + " is set but " + PROTOCOL + " is "
                        + protocol + ": set it to SASL_SSL (or SASL_PLAINTEXT) to use SASL");
            }
            return;
        }
        if (!MECHANISMS.contains(mechanism)) {
            throw invalid(MECHANISM, text(lookup, MECHANISM), "one of " + String.join(", ", MECHANISMS)
                    + " when " + PROTOCOL + " is " + protocol);
        }
        common.put("sasl.mechanism", mechanism);
        description.append(", ").append(mechanism);
        String module = switch (mechanism) {
            case "PLAIN" -> JaasLogin.PLAIN;
            case "SCRAM-SHA-256", "SCRAM-SHA-512" -> JaasLogin.SCRAM;
            default -> null;
        };
        boolean credentials = !user.isEmpty() || password != null;
        if (jaas && credentials) {
            throw new IllegalArgumentException(CLIENT_PREFIX + JAAS + " and " + USERNAME + " / " + PASSWORD
                    + " are both set: give the login either as a whole JAAS line or as user and password");
        }
        if (jaas) {
            description.append(" (login from ").append(CLIENT_PREFIX).append(JAAS).append(')');
            return;
        }
        if (module == null) {
            throw new IllegalArgumentException(MECHANISM + "=" + mechanism + " takes its login as a JAAS line: set "
                    + CLIENT_PREFIX + JAAS + " (" + envName(CLIENT_PREFIX + JAAS) + ")"
                    + (credentials ? ", not " + USERNAME + " / " + PASSWORD : ""));
        }
        List<String> missing = new ArrayList<>();
        if (user.isEmpty()) {
            missing.add(USERNAME + " (" + envName(USERNAME) + ")");
        }
        if (password == null) {
            missing.add(PASSWORD + " (" + envName(PASSWORD) + ", or " + envName(PASSWORD) + "_FILE)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(PROTOCOL + "=" + protocol + " with " + mechanism + " needs "
                    + String.join(" and ", missing));
        }
        common.put(JAAS, JaasLogin.line(module, USERNAME, user, PASSWORD, password));
        description.append(" as ").append(user);
    }

    private static void ssl(Function<String, String> lookup, String protocol, Map<String, Object> common,
                            StringBuilder description) {
        boolean tls = protocol.equals("SSL") || protocol.equals("SASL_SSL");
        store(lookup, tls, protocol, TRUSTSTORE_LOCATION, TRUSTSTORE_PASSWORD, TRUSTSTORE_TYPE, common, description,
                "trust store");
        store(lookup, tls, protocol, KEYSTORE_LOCATION, KEYSTORE_PASSWORD, KEYSTORE_TYPE, common, description,
                "key store");
        String keyPassword = secret(lookup, KEY_PASSWORD);
        if (keyPassword != null) {
            if (!tls || !common.containsKey("ssl.keystore.location")) {
                throw new IllegalArgumentException(KEY_PASSWORD + " is set without " + KEYSTORE_LOCATION
                        + (tls ? "" : " and " + PROTOCOL + " SSL or SASL_SSL"));
            }
            common.put("ssl.key.password", keyPassword);
        }
    }

    private static void store(Function<String, String> lookup, boolean tls, String protocol, String locationKey,
                              String passwordKey, String typeKey, Map<String, Object> common,
                              StringBuilder description, String what) {
        String location = text(lookup, locationKey);
        String password = secret(lookup, passwordKey);
        String type = text(lookup, typeKey);
        if (location.isEmpty()) {
            if (password != null || !type.isEmpty()) {
                throw new IllegalArgumentException((password != null ? passwordKey : typeKey) + " is set without "
                        + locationKey + " (" + envName(locationKey) + ")");
            }
            return;
        }
        if (!tls) {
            throw new IllegalArgumentException(locationKey + " is set but " + PROTOCOL + " is " + protocol
                    + ": a " + what + " is used only with SSL or SASL_SSL");
        }
        if (!Files.isReadable(Path.of(location))) {
            throw invalid(locationKey, location, "a readable file");
        }
        String kafkaPrefix = locationKey.equals(TRUSTSTORE_LOCATION) ? "ssl.truststore." : "ssl.keystore.";
        common.put(kafkaPrefix + "location", location);
        if (password != null) {
            common.put(kafkaPrefix + "password", password);
        }
        if (!type.isEmpty()) {
            common.put(kafkaPrefix + "type", type.toUpperCase(Locale.ROOT));
        }
        description.append(", ").append(what).append(' ').append(location);
    }

    /**
     * Kafka property names from {@code hooklane.kafka.client.<property>} keys and {@code HOOKLANE_KAFKA_CLIENT_<PROPERTY>}
     * environment variables (lower case, underscores as dots: Kafka's names have no underscore).
     */
    public static Set<String> clientKeys(Collection<String> propertyKeys, Collection<String> environmentNames) {
        Set<String> keys = new TreeSet<>();
        for (String key : propertyKeys) {
            if (key.startsWith(CLIENT_PREFIX) && key.length() > CLIENT_PREFIX.length()) {
                keys.add(key.substring(CLIENT_PREFIX.length()));
            }
        }
        for (String name : environmentNames) {
            if (name.startsWith(CLIENT_ENV_PREFIX) && name.length() > CLIENT_ENV_PREFIX.length()) {
                keys.add(name.substring(CLIENT_ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'));
            }
        }
        return keys;
    }

    /** The environment variable a key is read from: upper case, dots and dashes as underscores. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * The settings for one kind of client: the security ones, and each passed-through property this kind of client
     * knows (a property no kind knows, such as a plug-in's, goes to every client).
     */
    public Map<String, Object> properties(Set<String> clientConfigNames) {
        Map<String, Object> properties = new LinkedHashMap<>(common);
        passedThrough.forEach((key, value) -> {
            if (clientConfigNames.contains(key) || !known(key)) {
                properties.put(key, value);
            }
        });
        return properties;
    }

    private static boolean known(String key) {
        return ProducerConfig.configNames().contains(key) || ConsumerConfig.configNames().contains(key)
                || AdminClientConfig.configNames().contains(key);
    }

    public boolean plaintext() {
        return common.isEmpty() || ("PLAINTEXT".equals(common.get("security.protocol")) && common.size() == 1
                && passedThrough.isEmpty());
    }

    /** Protocol, mechanism, user, stores and passed-through property names: no secret. */
    @Override
    public String toString() {
        return description;
    }

    private static String text(Function<String, String> lookup, String key) {
        String value = lookup.apply(key);
        return value == null ? "" : value.strip();
    }

    /** The key's value, else the content of the file its -file variant names (one trailing line break dropped). */
    private static String secret(Function<String, String> lookup, String key) {
        String value = lookup.apply(key);
        String file = text(lookup, key + FILE_SUFFIX);
        boolean given = value != null && !value.isEmpty();
        if (given && !file.isEmpty()) {
            throw new IllegalArgumentException(key + " and " + key + FILE_SUFFIX + " are both set: keep one");
        }
        if (given) {
            return value;
        }
        if (file.isEmpty()) {
            return null;
        }
        String content;
        try {
            content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(key + FILE_SUFFIX + " (" + envName(key) + "_FILE) names a file that "
                    + "cannot be read: " + file);
        }
        if (content.endsWith("\n")) {
            content = content.substring(0, content.length() - (content.endsWith("\r\n") ? 2 : 1));
        }
        if (content.isEmpty()) {
            throw new IllegalArgumentException(key + FILE_SUFFIX + " (" + envName(key) + "_FILE) names an empty file: "
                    + file);
        }
        return content;
    }

    private static IllegalArgumentException invalid(String key, String value, String expected) {
        return new IllegalArgumentException(key + " (" + envName(key) + ") must be " + expected + " but was '"
                + value + "'");
    }
}
