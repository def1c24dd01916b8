package io.hooklane.testing;

/** XML payloads that must never be expanded or resolved: shared by the XML safety tests. */
public final class HostileXml {

    /** An external entity reading a local file (XXE). */
    public static final String XXE = "<?xml version=\"1.0\"?>\n"
            + "<!DOCTYPE order [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
            + "<order>&xxe;</order>";

    /** Nested entities expanding to 10^9 "lol"s. */
    public static final String BILLION_LAUGHS = "<?xml version=\"1.0\"?>\n"
            + "<!DOCTYPE lolz [\n"
            + " <!ENTITY lol \"lol\">\n"
            + " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
            + " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
            + " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
            + " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
            + " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
            + " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
            + " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
            + " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
            + " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
            + "]>\n"
            + "<lolz>&lol9;</lolz>";

    private HostileXml() {
    }
}
