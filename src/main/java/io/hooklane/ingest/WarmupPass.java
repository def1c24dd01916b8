package io.hooklane.ingest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

import io.netty.util.NetUtil;

/**
 * What marks the start-up warm-up's own webhooks ({@link LoopbackWarmup}) as they go through every source's real
 * route: a token made for this start, held only in this process and sent in {@value #HEADER}, accepted only from a
 * loopback address and only until {@link #close()} (before readiness). A webhook it admits is signed and verified like
 * any other, but its CloudEvent goes to the warm-up topic instead of the events topic, its id is never recorded as
 * seen, and it is counted in no metric. Once closed, the header is an ordinary header again.
 */
public final class WarmupPass {

    /** The request header carrying the token. */
    public static final String HEADER = "Hooklane-Warmup";
    /** Exchange property set on an admitted webhook: the topic its CloudEvent goes to. */
    public static final String TOPIC_PROPERTY = "hooklane.warmupTopic";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] token;
    private final String topic;
    private volatile boolean open;

    /** @param topic the warm-up topic; null = no warm-up over HTTP (the pass is closed from the start) */
    public WarmupPass(String topic) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        this.token = HexFormat.of().formatHex(random).getBytes(StandardCharsets.US_ASCII);
        this.topic = topic;
        this.open = topic != null;
    }

    /** The token for the warm-up's client; never logged. */
    public String token() {
        return new String(token, StandardCharsets.US_ASCII);
    }

    public String topic() {
        return topic;
    }

    public boolean isOpen() {
        return open;
    }

    /** From now on no request is admitted. */
    public void close() {
        open = false;
    }

    /**
     * Whether a request is the warm-up's own: the pass is open, the header carries this start's token (compared in
     * constant time) and the peer is a loopback address.
     */
    public boolean admits(String headerValue, String remoteHost) {
        if (!open || headerValue == null || remoteHost == null) {
            return false;
        }
        return MessageDigest.isEqual(token, headerValue.getBytes(StandardCharsets.US_ASCII)) && isLoopback(remoteHost);
    }

    private static boolean isLoopback(String host) {
        // a literal address from the connection: never a name to resolve
        byte[] address = NetUtil.createByteArrayFromIpAddressString(host.replace("[", "").replace("]", ""));
        if (address == null) {
            return false;
        }
        try {
            return InetAddress.getByAddress(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "WarmupPass[" + (open ? "open" : "closed") + ", topic " + Objects.toString(topic, "none") + "]";
    }
}
