package dev.handoff.cli.agent;

/**
 * Text as the agent terminal prints it: every character a terminal would act on instead of showing
 * is shown as a visible escape, so text from users, bots or other agents can neither run an escape
 * sequence (clear the screen, set the title, write the clipboard) nor print a line that looks like
 * the desk's.
 *
 * <ul>
 *   <li>a line break ({@code \n}, {@code \r\n}) is {@code ↵}, and the text goes on on the same line;
 *   <li>every other C0 control, DEL and the C1 controls (U+0080 to U+009F) are {@code \xNN}: ESC is
 *       {@code \x1b}, BEL {@code \x07}, a lone CR {@code \x0d}, a tab {@code \x09};
 *   <li>the bidirectional overrides and isolates (U+202A to U+202E, U+2066 to U+2069), the line and
 *       paragraph separators (U+2028, U+2029) and unpaired surrogates are <code>&#92;uNNNN</code>
 *       (U+202E is <code>&#92;u202e</code>).
 * </ul>
 *
 * Everything else, letters of every script and emoji included, is printed as it is. A backslash is
 * not escaped: {@code \x1b} typed by a user reads the same as an ESC, and does as little.
 */
final class Visible {
    /** What a line break is shown as. */
    static final String LINE_BREAK = "↵";

    private Visible() {}

    static String of(String text) {
        StringBuilder out = null;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            String shown = shown(text, i);
            if (shown == null) {
                if (out != null) out.append(c);
                continue;
            }
            if (out == null) out = new StringBuilder(n + 16).append(text, 0, i);
            out.append(shown);
            if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') i++;
        }
        return out == null ? text : out.toString();
    }

    /** How the character at {@code i} is shown, or {@code null} when it is printed as it is. */
    private static String shown(String text, int i) {
        char c = text.charAt(i);
        if (c == '\n') return LINE_BREAK;
        if (c == '\r') return i + 1 < text.length() && text.charAt(i + 1) == '\n' ? LINE_BREAK : hex(c);
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return hex(c);
        if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029)
            return unicode(c);
        if (Character.isHighSurrogate(c)) {
            boolean paired = i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            return paired ? null : unicode(c);
        }
        if (Character.isLowSurrogate(c)) {
            boolean paired = i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            return paired ? null : unicode(c);
        }
        return null;
    }

    private static String hex(char c) {
        return String.format("\\x%02x", (int) c);
    }

    private static String unicode(char c) {
        return String.format("\\u%04x", (int) c);
    }
}
