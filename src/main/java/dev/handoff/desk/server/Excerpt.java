package dev.handoff.desk.server;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * What a log line may quote of what a client sent: at most {@link #MAX} characters, control
 * characters escaped (a client cannot forge log lines or move the terminal's cursor), the full length
 * said when cut.
 */
final class Excerpt {
    /** Longest excerpt, in characters, before the "(N bytes)" suffix. */
    static final int MAX = 200;

    private Excerpt() {}

    static String of(String text) {
        if (text == null) return "null";
        String cut = text.length() > MAX ? text.substring(0, MAX) : text;
        String shown = escape(cut);
        return text.length() > MAX ? shown + "... (" + text.length() + " characters)" : shown;
    }

    /** The first characters of {@code buf} from {@code from} (its reader index is not moved). */
    static String of(ByteBuf buf, int from) {
        int length = Math.max(0, buf.writerIndex() - from);
        // UTF-8: MAX characters fit in 4 * MAX bytes; a character cut in two shows as U+FFFD
        int take = Math.min(length, MAX * 4);
        String head = buf.toString(from, take, StandardCharsets.UTF_8);
        String cut = head.length() > MAX ? head.substring(0, MAX) : head;
        String shown = escape(cut);
        return cut.length() < head.length() || take < length ? shown + "... (" + length + " bytes)" : shown;
    }

    private static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029';
            if (control && out == null) out = new StringBuilder(s.length() + 16).append(s, 0, i);
            if (out == null) continue;
            if (!control) out.append(c);
            else if (c == '\n') out.append("\\n");
            else if (c == '\r') out.append("\\r");
            else if (c == '\t') out.append("\\t");
            else out.append(String.format("\\u%04x", (int) c));
        }
        return out == null ? s : out.toString();
    }
}
