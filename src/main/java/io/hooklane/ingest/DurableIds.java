package io.hooklane.ingest;

/** The provider ids whose events the broker has acknowledged, within the dedup window. */
public interface DurableIds {

    boolean contains(String key);

    /** Records an id whose event is now durable. */
    void add(String key);

    /** False while the ids cannot be answered for (an index still catching up): no copy may be taken then. */
    default boolean ready() {
        return true;
    }

    /** The ids cannot be answered for right now (their store failed and is being rebuilt): take no copy. */
    final class UnavailableException extends RuntimeException {
        public UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
