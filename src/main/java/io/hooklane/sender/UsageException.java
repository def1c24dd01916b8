package io.hooklane.sender;

/** Bad command-line usage: the sender prints the message and the usage text and exits with 2. */
public final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
