package dev.handoff.channel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Transcripts in memory, bounded twice: the last {@code linesPerSession} lines of each session, and the
 * {@code sessions} most recently used sessions (the least recently used is forgotten first). Lost when the
 * process stops. With a conversation store, each session's window is filled from the stored transcript when
 * the session opens ({@link #opened}), numbered by position in it, so the numbers go on across restarts.
 */
public final class InMemoryTranscripts implements Transcripts {
    public static final int LINES_PER_SESSION = 200;
    public static final int SESSIONS = 20_000;

    private final int linesPerSession;
    private final Map<String, Kept> sessions;

    private static final class Kept {
        final Deque<ChatLine> lines = new ArrayDeque<>();
        long last;
    }

    public InMemoryTranscripts() {
        this(LINES_PER_SESSION, SESSIONS);
    }

    public InMemoryTranscripts(int linesPerSession, int maxSessions) {
        if (linesPerSession < 1 || maxSessions < 1) throw new IllegalArgumentException("bounds must be at least 1");
        this.linesPerSession = linesPerSession;
        this.sessions = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
                return size() > maxSessions;
            }
        };
    }

    @Override
    public synchronized ChatLine append(String sessionId, ChatLine line) {
        Kept kept = sessions.computeIfAbsent(sessionId, id -> new Kept());
        ChatLine numbered = line.numbered(++kept.last);
        kept.lines.addLast(numbered);
        if (kept.lines.size() > linesPerSession) kept.lines.removeFirst();
        return numbered;
    }

    @Override
    public synchronized void opened(String sessionId, List<ChatLine> history, long last) {
        Kept kept = new Kept();
        for (ChatLine line : history) {
            kept.lines.addLast(line);
            if (kept.lines.size() > linesPerSession) kept.lines.removeFirst();
        }
        kept.last = last;
        sessions.put(sessionId, kept);
    }

    @Override
    public synchronized List<ChatLine> after(String sessionId, long afterSeq) {
        Kept kept = sessions.get(sessionId);
        if (kept == null) return List.of();
        List<ChatLine> out = new ArrayList<>();
        for (ChatLine line : kept.lines) if (line.seq() > afterSeq) out.add(line);
        return out;
    }
}
