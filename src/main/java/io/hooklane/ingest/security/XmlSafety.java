package io.hooklane.ingest.security;

import java.io.ByteArrayInputStream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Hardened XML parser factories and a well-formedness check for XML webhook bodies. Every factory here refuses or
 * ignores document type declarations, so neither external entities (XXE: reading local files, reaching internal
 * hosts) nor entity expansion (billion laughs) can happen, and it never fetches a DTD or schema. The JDK's own
 * implementations are used ({@code newDefaultInstance}/{@code newDefaultFactory}) so that a parser brought in by
 * another dependency cannot silently ignore these settings.
 */
public final class XmlSafety {

    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";
    private static final String EXTERNAL_GENERAL_ENTITIES = "http://xml.org/sax/features/external-general-entities";
    private static final String EXTERNAL_PARAMETER_ENTITIES =
            "http://xml.org/sax/features/external-parameter-entities";
    private static final String LOAD_EXTERNAL_DTD = "http://apache.org/xml/features/nonvalidating/load-external-dtd";

    private XmlSafety() {
    }

    /**
     * A namespace-aware DOM factory that refuses any {@code DOCTYPE} (parsing such a document throws
     * {@link org.xml.sax.SAXParseException}), with external entities, external DTDs, XInclude and entity reference
     * expansion off and {@link XMLConstants#FEATURE_SECURE_PROCESSING} on. A new factory each call; configure it
     * further as needed but do not turn these off. The JDK's default error handler prints fatal errors to
     * {@code System.err}: set your own on the {@code DocumentBuilder}.
     */
    public static DocumentBuilderFactory documentBuilderFactory() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature(DISALLOW_DOCTYPE, true);
            factory.setFeature(EXTERNAL_GENERAL_ENTITIES, false);
            factory.setFeature(EXTERNAL_PARAMETER_ENTITIES, false);
            factory.setFeature(LOAD_EXTERNAL_DTD, false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser does not support a required safety feature", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setNamespaceAware(true);
        return factory;
    }

    /**
     * A StAX factory with DTD support and external entities off and no access to external DTDs or schemas: a
     * {@code DOCTYPE} is reported as a {@code DTD} event but nothing in it is loaded or expanded, and a reference to an
     * entity it declares is an error. A new factory each call.
     */
    public static XMLInputFactory xmlInputFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory;
    }

    /**
     * Checks that {@code xml} is one well-formed XML document without a document type declaration, streaming it
     * through {@link #xmlInputFactory()} (no tree is built). The encoding is detected from the bytes.
     *
     * @throws XmlRejectedException when it is empty, malformed, or declares a DTD (which is how XXE and entity
     *                              expansion attacks begin), with a message that quotes nothing from the document
     */
    public static void checkWellFormed(byte[] xml) throws XmlRejectedException {
        if (xml == null || xml.length == 0) {
            throw new XmlRejectedException("the XML body is empty");
        }
        XMLStreamReader reader = null;
        try {
            reader = xmlInputFactory().createXMLStreamReader(new ByteArrayInputStream(xml));
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new XmlRejectedException("XML document type declarations (DOCTYPE) are not accepted");
                }
                if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new XmlRejectedException("the XML refers to an undeclared entity");
                }
            }
        } catch (XMLStreamException e) {
            throw new XmlRejectedException("malformed XML" + where(e.getLocation()));
        } catch (RuntimeException e) {
            // some StAX failures (e.g. a broken encoding) surface unchecked; their messages may quote the input
            throw new XmlRejectedException("malformed XML");
        } finally {
            close(reader);
        }
    }

    private static String where(Location location) {
        if (location == null || location.getLineNumber() < 0) {
            return "";
        }
        return " at line " + location.getLineNumber() + ", column " + location.getColumnNumber();
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // nothing was opened that needs closing: the input is a byte array
            }
        }
    }
}
