package io.hooklane.ingest.security;

/**
 * An XML body refused by {@link XmlSafety#checkWellFormed}. The message is safe to show the sender: it never quotes
 * the document, an entity's value or a file the document points at, only what kind of problem it is and where.
 */
public final class XmlRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    public XmlRejectedException(String message) {
        super(message, null, false, false);
    }
}
