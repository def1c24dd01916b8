package io.hooklane;

import java.util.Map;

/** {@code java -jar target/hooklane.jar}: starts the gateway and runs until stopped. */
public final class App {

    private App() {
    }

    public static void main(String[] args) throws Exception {
        try {
            Gateway.create(Map.of()).run();
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("Hooklane failed to start: " + e.getMessage());
            System.exit(1);
        }
    }
}
