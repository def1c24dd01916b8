package io.hooklane.kafka;

/**
 * A Kafka client's JAAS login line for a user and password ({@code sasl.jaas.config}). The values are quoted, every
 * quote and backslash escaped, so that no character of theirs can end them or add a login option.
 */
final class JaasLogin {

    static final String PLAIN = "org.apache.kafka.common.security.plain.PlainLoginModule";
    static final String SCRAM = "org.apache.kafka.common.security.scram.ScramLoginModule";

    private JaasLogin() {
    }

    /**
     * @param userKey     the setting the user came from (named when refused)
     * @param passwordKey the setting the password came from
     * @throws IllegalArgumentException for a value with a line break, which a JAAS line cannot carry
     */
    static String line(String module, String userKey, String user, String passwordKey, String password) {
        return module + " required username=" + quoted(userKey, user) + " password=" + quoted(passwordKey, password)
                + ";";
    }

    private static String quoted(String key, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(key + " contains a line break, which a JAAS login cannot carry");
        }
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
