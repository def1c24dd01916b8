package io.hooklane.faults;

import java.io.IOException;

import io.hooklane.App;

/**
 * The main class of a {@link GatewayProcess}: {@link App} itself, plus a watchdog that halts the JVM when its stdin
 * (a pipe from the test JVM) closes. So a gateway never outlives the test JVM that started it, even when that JVM
 * is killed and its finally blocks never run.
 */
public final class ChildGateway {

    private ChildGateway() {
    }

    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // nothing is ever written; the read ends when the parent is gone
                }
            } catch (IOException parentGone) {
                // same as the end of the stream
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        App.main(args);
    }
}
