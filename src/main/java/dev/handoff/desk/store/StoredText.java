package dev.handoff.desk.store;

/**
 * Text as {@link JdbcChatStore} keeps it. PostgreSQL cannot store NUL (U+0000) in a text column, so
 * NUL is written as U+FFFF followed by {@code 0}, and U+FFFF itself (a noncharacter, not meant for
 * interchange) as U+FFFF followed by {@code 1}; reading reverses it. Text without either character is
 * stored as it is, so rows written before this escaping read the same. H2 gets the same encoding, so
 * a database moved from one to the other reads the same. Public for the reports, which read the same
 * columns on a connection of their own.
 */
public final class StoredText {
    static final char ESCAPE = '\uFFFF';

    /**
     * The longest text, as stored, that the long text columns hold ({@code desk_messages.text}, {@code
     * desk_chats.rating_comment} from migration V7), in characters.
     */
    public static final int MAX_STORED_LENGTH = 1_000_000;

    private StoredText() {}

    /** How many characters {@code text} takes as stored (each NUL and U+FFFF takes two); {@code null} takes 0. */
    public static int storedLength(String text) {
        if (text == null) return 0;
        int length = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000' || c == ESCAPE) length++;
        }
        return length;
    }

    static String encode(String text) {
        if (text == null || (text.indexOf('\u0000') < 0 && text.indexOf(ESCAPE) < 0)) return text;
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') out.append(ESCAPE).append('0');
            else if (c == ESCAPE) out.append(ESCAPE).append('1');
            else out.append(c);
        }
        return out.toString();
    }

    /** The text {@code stored} holds; {@code null} stays {@code null}. */
    public static String decode(String stored) {
        if (stored == null || stored.indexOf(ESCAPE) < 0) return stored;
        StringBuilder out = new StringBuilder(stored.length());
        for (int i = 0; i < stored.length(); i++) {
            char c = stored.charAt(i);
            if (c == ESCAPE && i + 1 < stored.length() && stored.charAt(i + 1) == '0') {
                out.append('\u0000');
                i++;
            } else if (c == ESCAPE && i + 1 < stored.length() && stored.charAt(i + 1) == '1') {
                out.append(ESCAPE);
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
