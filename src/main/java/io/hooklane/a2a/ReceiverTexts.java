package io.hooklane.a2a;

/** An agent's text quoted in a log line or an error: short, printable. */
final class ReceiverTexts {

    private static final int MAX = 200;

    private ReceiverTexts() {
    }

    static String clip(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX));
        for (int i = 0; i < text.length() && out.length() < MAX; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return text.length() > MAX ? out + "..." : out.toString();
    }
}
