package io.hooklane.deliver;

/**
 * Text a receiver chose (a reason phrase, a {@code Location}) before it goes into a log line or a dead letter: at
 * most {@link #MAX_LENGTH} characters, control characters (line breaks included) replaced, so a receiver can
 * neither forge log lines nor grow what we keep.
 */
final class ReceiverText {

    static final int MAX_LENGTH = 512;

    private ReceiverText() {
    }

    static String clean(String text) {
        if (text == null) {
            return null;
        }
        String cut = text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) + "..." : text;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
