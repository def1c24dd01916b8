package io.hooklane;

import java.util.Map;

/** {@code java -jar target/hooklane.jar}: starts the gateway and runs until stopped. */
public final class App {

    private App() {
    }

    /** The innermost configuration error's message (it names the key and the value), else the outer message. */
    public static String configurationProblem(Throwable e) {
        String message = e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException || t instanceof IllegalStateException) {
                message = t.getMessage();
            }
        }
        return message;
    }

    public static void main(String[] args) throws Exception {
        try {
            Gateway.create(Map.of()).run();
        } catch (Exception e) {
            System.err.println("Hooklane failed to start: " + configurationProblem(e));
            System.exit(1);
        }
    }
}
