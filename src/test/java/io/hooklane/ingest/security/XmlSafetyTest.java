package io.hooklane.ingest.security;

import static io.hooklane.testing.HostileXml.BILLION_LAUGHS;
import static io.hooklane.testing.HostileXml.XXE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

class XmlSafetyTest {

    private static final String PLAIN = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<order xmlns=\"urn:shop\" id=\"42\"><item qty=\"2\">caf\u00e9 &amp; cr\u00e8me</item><!-- note --></order>";


    private static final String PARAMETER_ENTITY_XXE = "<?xml version=\"1.0\"?>\n"
            + "<!DOCTYPE order [<!ENTITY % remote SYSTEM \"file:///etc/passwd\"> %remote;]>\n"
            + "<order/>";

    private static final String EXTERNAL_DTD = "<?xml version=\"1.0\"?>\n"
            + "<!DOCTYPE order SYSTEM \"http://127.0.0.1:1/order.dtd\">\n<order/>";


    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static DocumentBuilder quietBuilder() throws Exception {
        DocumentBuilder builder = XmlSafety.documentBuilderFactory().newDocumentBuilder();
        builder.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) throws SAXParseException {
                throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXParseException {
                throw e;
            }
        });
        return builder;
    }

    @Test
    void a_plain_document_passes() {
        assertThatCode(() -> XmlSafety.checkWellFormed(utf8(PLAIN))).doesNotThrowAnyException();
    }

    @Test
    void detects_the_encoding_from_the_bytes() {
        String latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><note>caf\u00e9</note>";
        byte[] utf16 = "<note>caf\u00e9</note>".getBytes(StandardCharsets.UTF_16);

        assertThatCode(() -> XmlSafety.checkWellFormed(latin1.getBytes(StandardCharsets.ISO_8859_1)))
                .doesNotThrowAnyException();
        assertThatCode(() -> XmlSafety.checkWellFormed(utf16)).doesNotThrowAnyException();
    }

    @Test
    void refuses_an_xxe_payload_without_reading_the_file() {
        assertThatThrownBy(() -> XmlSafety.checkWellFormed(utf8(XXE)))
                .isInstanceOf(XmlRejectedException.class)
                .hasMessageNotContaining("root:")
                .hasMessageNotContaining("passwd")
                .hasMessageNotContaining("xxe")
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void refuses_a_parameter_entity_xxe_payload() {
        assertThatThrownBy(() -> XmlSafety.checkWellFormed(utf8(PARAMETER_ENTITY_XXE)))
                .isInstanceOf(XmlRejectedException.class)
                .hasMessageNotContaining("root:")
                .hasMessageNotContaining("passwd");
    }

    @Test
    void refuses_a_reference_to_an_external_dtd_without_fetching_it() {
        assertThatThrownBy(() -> XmlSafety.checkWellFormed(utf8(EXTERNAL_DTD)))
                .isInstanceOf(XmlRejectedException.class)
                .hasMessageNotContaining("127.0.0.1");
    }

    @Test
    void refuses_a_billion_laughs_payload_quickly() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> XmlSafety.checkWellFormed(utf8(BILLION_LAUGHS)))
                        .isInstanceOf(XmlRejectedException.class)
                        .hasMessageNotContaining("lol"));
    }

    @Test
    void refuses_an_undeclared_entity() {
        assertThatThrownBy(() -> XmlSafety.checkWellFormed(utf8("<a>&secret;</a>")))
                .isInstanceOf(XmlRejectedException.class)
                .hasMessageNotContaining("secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<order><item></order>", "<order>", "not xml at all", "<a/><b/>", "<a/>trailing",
            "<a x=\"1\" x=\"2\"/>", "<?xml version=\"1.0\"?>", "<a>\u0000</a>", "{\"json\": true}"})
    void refuses_malformed_input_with_a_message_that_quotes_nothing(String body) {
        assertThatThrownBy(() -> XmlSafety.checkWellFormed(utf8(body)))
                .isInstanceOf(XmlRejectedException.class)
                .hasMessageStartingWith("malformed XML")
                .hasMessageNotContaining("order")
                .hasMessageNotContaining("item");
    }

    @Test
    void says_where_malformed_input_went_wrong() {
        assertThatThrownBy(() -> XmlSafety.checkWellFormed(utf8("<a>\n<b></a>")))
                .hasMessageMatching("malformed XML at line 2, column \\d+");
    }

    @Test
    void refuses_empty_input() {
        assertThatThrownBy(() -> XmlSafety.checkWellFormed(new byte[0])).isInstanceOf(XmlRejectedException.class);
        assertThatThrownBy(() -> XmlSafety.checkWellFormed(null)).isInstanceOf(XmlRejectedException.class);
    }

    @Test
    void the_document_builder_factory_parses_a_plain_document() throws Exception {
        Document document = quietBuilder().parse(new InputSource(new StringReader(PLAIN)));

        assertThat(document.getDocumentElement().getLocalName()).isEqualTo("order");
        assertThat(document.getDocumentElement().getTextContent()).isEqualTo("caf\u00e9 & cr\u00e8me");
    }

    @ParameterizedTest
    @ValueSource(strings = {XXE, PARAMETER_ENTITY_XXE, EXTERNAL_DTD, BILLION_LAUGHS})
    void the_document_builder_factory_refuses_any_doctype(String payload) {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> quietBuilder().parse(new InputSource(new StringReader(payload))))
                        .isInstanceOf(SAXParseException.class)
                        .hasMessageContaining("DOCTYPE"));
    }

    @Test
    void the_document_builder_factory_is_secure_by_its_features() throws Exception {
        var factory = XmlSafety.documentBuilderFactory();

        assertThat(factory.getFeature(javax.xml.XMLConstants.FEATURE_SECURE_PROCESSING)).isTrue();
        assertThat(factory.getFeature("http://apache.org/xml/features/disallow-doctype-decl")).isTrue();
        assertThat(factory.isXIncludeAware()).isFalse();
        assertThat(factory.isExpandEntityReferences()).isFalse();
    }

    @Test
    void the_stax_factory_never_expands_an_external_entity() {
        assertThatThrownBy(() -> {
            XMLStreamReader reader = XmlSafety.xmlInputFactory()
                    .createXMLStreamReader(new ByteArrayInputStream(utf8(XXE)));
            StringBuilder text = new StringBuilder();
            while (reader.hasNext()) {
                if (reader.next() == XMLStreamReader.CHARACTERS) {
                    text.append(reader.getText());
                }
            }
            assertThat(text.toString()).doesNotContain("root:");
        }).isInstanceOf(javax.xml.stream.XMLStreamException.class);
    }

    @Test
    void the_stax_factory_does_not_support_dtds() {
        var factory = XmlSafety.xmlInputFactory();

        assertThat(factory.getProperty(javax.xml.stream.XMLInputFactory.SUPPORT_DTD)).isEqualTo(false);
        assertThat(factory.getProperty(javax.xml.stream.XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES))
                .isEqualTo(false);
    }
}
