package io.hooklane.event;

import java.util.Locale;

/** Reads the media type out of a {@code Content-Type} value and tells which family it belongs to. */
public final class MediaTypes {

    private MediaTypes() {
    }

    /**
     * The media type without parameters, trimmed and in lower case ({@code "Text/XML; charset=utf-8"} becomes
     * {@code "text/xml"}); null when absent or blank.
     */
    public static String of(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        type = type.trim().toLowerCase(Locale.ROOT);
        return type.isEmpty() ? null : type;
    }

    /** {@code application/xml}, {@code text/xml} or any {@code type/subtype+xml}, parameters ignored. */
    public static boolean isXml(String contentType) {
        String type = of(contentType);
        if (type == null) {
            return false;
        }
        if (type.equals("application/xml") || type.equals("text/xml")) {
            return true;
        }
        int slash = type.indexOf('/');
        String subtype = slash > 0 ? type.substring(slash + 1) : "";
        return subtype.length() > "+xml".length() && subtype.endsWith("+xml");
    }
}
