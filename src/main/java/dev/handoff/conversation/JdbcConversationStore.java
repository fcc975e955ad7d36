package dev.handoff.conversation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.dialogue.DialogueState;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ConversationStore} in a relational database over JDBC: an H2 file database by default, or PostgreSQL.
 * Flyway migrates the schema ({@code classpath:db/conversations}, history in {@code conv_schema_history}) when the
 * store opens, so it may share a database with the desk. One connection, used under the store's lock. Texts are
 * escaped so NUL survives PostgreSQL.
 *
 * <p><b>Group commit.</b> {@link #write} hands its write to one writer thread and waits until it is committed.
 * The writer takes every write waiting (up to {@value #BATCH}) and commits them in one transaction: with many
 * conversations at once, one commit (one file write) serves many turns, and each caller still returns only once
 * its own write is durable. A batch that fails is rolled back and its writes committed one by one, so one bad
 * write fails only its own caller. At most {@value #QUEUE} writes wait; more callers block until there is room.
 */
public final class JdbcConversationStore implements ConversationStore {
    private static final Logger log = LoggerFactory.getLogger(JdbcConversationStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;
    private static final char ESCAPE = '\uFFFF';
    static final int BATCH = 256;
    static final int QUEUE = 10_000;

    private final String shownUrl;
    private final Connection connection;
    /** The next transcript line number per conversation, once read: under the store's lock. */
    private final Map<ConversationStore.Key, Long> nextSeq = new HashMap<>();

    private boolean closed;
    /** The writer thread has ended (closed, or interrupted): queued writes are failed, never left waiting. */
    private volatile boolean writerGone;

    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread writer;

    private record Pending(ConversationWrite write, CompletableFuture<Void> done) {}

    private static final Pending STOP = new Pending(null, null);

    private JdbcConversationStore(String shownUrl, Connection connection) {
        this.shownUrl = shownUrl;
        this.connection = connection;
        this.writer = new Thread(this::writeLoop, "conversation-store-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Migrates the schema and opens the store; a failure is a {@link ConversationStoreException}. */
    public static JdbcConversationStore open(String url) {
        String shown = redact(url);
        try {
            Flyway.configure(JdbcConversationStore.class.getClassLoader())
                    .dataSource(url, null, null)
                    .locations("classpath:db/conversations")
                    .table("conv_schema_history")
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .loggers("slf4j")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw failure(shown, "schema migration failed", e);
        }
        try {
            Connection c = DriverManager.getConnection(url);
            c.setAutoCommit(false);
            log.info("conversation store {} ready", shown);
            return new JdbcConversationStore(shown, c);
        } catch (SQLException e) {
            throw failure(shown, "cannot connect", e);
        }
    }

    @Override
    public synchronized Optional<StoredConversation> load(String botId, String conversationId, int lines) {
        try {
            DialogueState dialogue = null;
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT language, language_chosen, slots, stream, step, field, misunderstood FROM conv_conversations"
                            + " WHERE bot_id = ? AND conversation_id = ?")) {
                ps.setString(1, botId);
                ps.setString(2, conversationId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        dialogue = new DialogueState(
                                rs.getString(1),
                                rs.getBoolean(2),
                                JSON.readValue(
                                        decode(rs.getString(3)), new TypeReference<LinkedHashMap<String, String>>() {}),
                                rs.getString(4),
                                rs.getInt(5),
                                rs.getString(6),
                                rs.getInt(7));
                    }
                }
            }
            Optional<StoredHandoff> handoff = handoff(botId, conversationId);
            List<StoredLine> userBot = new ArrayList<>();
            if (dialogue != null && lines > 0) {
                try (PreparedStatement ps = connection.prepareStatement(
                        "SELECT sender, text, options, at FROM conv_lines"
                                + " WHERE bot_id = ? AND conversation_id = ? AND sender IN ('USER', 'BOT') ORDER BY seq DESC LIMIT ?")) {
                    ps.setString(1, botId);
                    ps.setString(2, conversationId);
                    ps.setInt(3, lines);
                    userBot.addAll(lines(ps));
                }
            }
            connection.commit();
            if (dialogue == null) {
                return Optional.empty();
            }
            return Optional.of(new StoredConversation(botId, conversationId, dialogue, handoff, userBot));
        } catch (SQLException | JsonProcessingException e) {
            rollback();
            throw failure(shownUrl, "cannot read conversation " + conversationId, e);
        }
    }

    private Optional<StoredHandoff> handoff(String botId, String conversationId)
            throws SQLException, JsonProcessingException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT state, department, language, contact_name, contact_email, contact_phone, live_agent_url, chat_id,"
                        + " resume_token, last_agent_message_id, user_message_id_prefix, last_user_message_id, unacknowledged"
                        + " FROM conv_handoffs WHERE bot_id = ? AND conversation_id = ?")) {
            ps.setString(1, botId);
            ps.setString(2, conversationId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredHandoff(
                        rs.getString(1),
                        decode(rs.getString(2)),
                        rs.getString(3),
                        decode(rs.getString(4)),
                        decode(rs.getString(5)),
                        decode(rs.getString(6)),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getLong(10),
                        rs.getString(11),
                        rs.getLong(12),
                        JSON.readValue(
                                decode(rs.getString(13)), new TypeReference<List<StoredHandoff.UserMessage>>() {})));
            }
        }
    }

    /** Returns once the write is committed (with others waiting at the same time: group commit). */
    @Override
    public void write(ConversationWrite write) {
        if (write.isEmpty()) {
            return;
        }
        var pending = new Pending(write, new CompletableFuture<>());
        try {
            synchronized (this) {
                if (closed) {
                    throw new ConversationStoreException(
                            ConversationStoreException.Problem.FAILED,
                            "store " + shownUrl + " is closed; conversation " + write.conversationId() + " not written",
                            null);
                }
            }
            queue.put(pending);
            if (writerGone) failWaiting(); // the writer stopped after the check above: nobody takes it
            pending.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConversationStoreException(
                    ConversationStoreException.Problem.FAILED,
                    "interrupted waiting for the write of conversation " + write.conversationId(),
                    e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof ConversationStoreException c
                    ? c
                    : failure(shownUrl, "cannot write conversation " + write.conversationId(), e);
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        try {
            while (true) {
                try {
                    batch.add(queue.take());
                } catch (InterruptedException e) {
                    return;
                }
                queue.drainTo(batch, BATCH - 1);
                boolean stop = batch.remove(STOP);
                if (!batch.isEmpty()) {
                    try {
                        commit(batch);
                    } catch (Error e) { // these writes fail; the writer goes on for the next ones
                        log.error("conversation store {}: a batch of {} write(s) failed", shownUrl, batch.size(), e);
                        batch.forEach(p -> p.done()
                                .completeExceptionally(new ConversationStoreException(
                                        ConversationStoreException.Problem.FAILED,
                                        "cannot write conversation " + p.write().conversationId() + ": " + e,
                                        null)));
                    }
                }
                batch.clear();
                if (stop) {
                    return;
                }
            }
        } finally {
            writerGone = true; // first: a write queued from now on is failed by its own caller
            batch.forEach(p -> p.done().completeExceptionally(closedFailure(p)));
            failWaiting();
        }
    }

    /** Fails every write still queued: the writer is gone (the store closed), so no one will commit them. */
    private void failWaiting() {
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.remove(STOP);
        left.forEach(p -> p.done().completeExceptionally(closedFailure(p)));
    }

    private ConversationStoreException closedFailure(Pending p) {
        return new ConversationStoreException(
                ConversationStoreException.Problem.FAILED,
                "store " + shownUrl + " is closed; conversation " + p.write().conversationId() + " not written",
                null);
    }

    /** Commits the batch in one transaction; if that fails, each write alone. */
    private synchronized void commit(List<Pending> batch) {
        long now = System.currentTimeMillis();
        try {
            for (Pending p : batch) {
                apply(p.write(), now);
            }
            connection.commit();
            batch.forEach(p -> p.done().complete(null));
            return;
        } catch (SQLException | JsonProcessingException | RuntimeException e) {
            rollback();
            nextSeq.clear();
            if (batch.size() == 1) {
                batch.get(0)
                        .done()
                        .completeExceptionally(failure(
                                shownUrl,
                                "cannot write conversation "
                                        + batch.get(0).write().conversationId(),
                                e));
                return;
            }
        }
        for (Pending p : batch) {
            commit(List.of(p));
        }
    }

    private void apply(ConversationWrite write, long now) throws SQLException, JsonProcessingException {
        if (write.dialogue() != null) {
            writeDialogue(write.botId(), write.conversationId(), write.dialogue(), now);
        }
        if (write.handoff() != null) {
            writeHandoff(write.botId(), write.conversationId(), write.handoff(), now);
        }
        if (!write.lines().isEmpty()) {
            writeLines(write.botId(), write.conversationId(), write.lines());
        }
    }

    private void writeDialogue(String botId, String conversationId, DialogueState d, long now)
            throws SQLException, JsonProcessingException {
        String slots = encode(JSON.writeValueAsString(d.slots()));
        try (PreparedStatement ps = connection.prepareStatement("UPDATE conv_conversations SET language = ?,"
                + " language_chosen = ?, slots = ?, stream = ?, step = ?, field = ?, misunderstood = ?, updated_at = ?"
                + " WHERE bot_id = ? AND conversation_id = ?")) {
            ps.setString(1, d.language());
            ps.setBoolean(2, d.languageChosen());
            ps.setString(3, slots);
            ps.setString(4, d.stream());
            ps.setInt(5, d.step());
            ps.setString(6, d.field());
            ps.setInt(7, d.misunderstoodStreak());
            ps.setLong(8, now);
            ps.setString(9, botId);
            ps.setString(10, conversationId);
            if (ps.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO conv_conversations (language,"
                + " language_chosen, slots, stream, step, field, misunderstood, updated_at, bot_id, conversation_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, d.language());
            ps.setBoolean(2, d.languageChosen());
            ps.setString(3, slots);
            ps.setString(4, d.stream());
            ps.setInt(5, d.step());
            ps.setString(6, d.field());
            ps.setInt(7, d.misunderstoodStreak());
            ps.setLong(8, now);
            ps.setString(9, botId);
            ps.setString(10, conversationId);
            ps.executeUpdate();
        }
    }

    private void writeHandoff(String botId, String conversationId, StoredHandoff h, long now)
            throws SQLException, JsonProcessingException {
        String columns = "state, department, language, contact_name, contact_email, contact_phone, live_agent_url,"
                + " chat_id, resume_token, last_agent_message_id, user_message_id_prefix, last_user_message_id,"
                + " unacknowledged, updated_at, bot_id, conversation_id";
        String unacked = encode(JSON.writeValueAsString(h.unacknowledged()));
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE conv_handoffs SET state = ?, department = ?,"
                        + " language = ?, contact_name = ?, contact_email = ?, contact_phone = ?, live_agent_url = ?,"
                        + " chat_id = ?, resume_token = ?, last_agent_message_id = ?, user_message_id_prefix = ?,"
                        + " last_user_message_id = ?, unacknowledged = ?, updated_at = ? WHERE bot_id = ? AND conversation_id = ?")) {
            bindHandoff(ps, h, unacked, now, botId, conversationId);
            if (ps.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO conv_handoffs (" + columns
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            bindHandoff(ps, h, unacked, now, botId, conversationId);
            ps.executeUpdate();
        }
    }

    private static void bindHandoff(
            PreparedStatement ps, StoredHandoff h, String unacked, long now, String botId, String conversationId)
            throws SQLException {
        ps.setString(1, h.state());
        ps.setString(2, encode(h.department()));
        ps.setString(3, h.language());
        ps.setString(4, encode(h.contactName()));
        ps.setString(5, encode(h.contactEmail()));
        ps.setString(6, encode(h.contactPhone()));
        ps.setString(7, h.liveAgentUrl());
        ps.setString(8, h.chatId());
        ps.setString(9, h.resumeToken());
        ps.setLong(10, h.lastAgentMessageId());
        ps.setString(11, h.userMessageIdPrefix());
        ps.setLong(12, h.lastUserMessageId());
        ps.setString(13, unacked);
        ps.setLong(14, now);
        ps.setString(15, botId);
        ps.setString(16, conversationId);
    }

    private void writeLines(String botId, String conversationId, List<StoredLine> lines)
            throws SQLException, JsonProcessingException {
        var key = new ConversationStore.Key(botId, conversationId);
        Long next = nextSeq.get(key);
        if (next == null) {
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT MAX(seq) FROM conv_lines WHERE bot_id = ? AND conversation_id = ?")) {
                ps.setString(1, botId);
                ps.setString(2, conversationId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    next = rs.getLong(1) + 1;
                }
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO conv_lines (bot_id, conversation_id, seq, sender, text, options, at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (StoredLine line : lines) {
                ps.setString(1, botId);
                ps.setString(2, conversationId);
                ps.setLong(3, next++);
                ps.setString(4, line.sender().name());
                ps.setString(5, encode(line.text()));
                ps.setString(6, line.options().isEmpty() ? null : encode(JSON.writeValueAsString(line.options())));
                ps.setLong(7, line.at().toEpochMilli());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        nextSeq.put(key, next);
    }

    @Override
    public synchronized List<StoredLine> transcript(String botId, String conversationId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT sender, text, options, at FROM conv_lines"
                + " WHERE bot_id = ? AND conversation_id = ? ORDER BY seq DESC LIMIT ?")) {
            ps.setString(1, botId);
            ps.setString(2, conversationId);
            ps.setInt(3, limit);
            List<StoredLine> lines = lines(ps);
            connection.commit();
            return lines;
        } catch (SQLException | JsonProcessingException e) {
            rollback();
            throw failure(shownUrl, "cannot read the transcript of conversation " + conversationId, e);
        }
    }

    @Override
    public synchronized long lineCount(String botId, String conversationId) {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT COUNT(*) FROM conv_lines WHERE bot_id = ? AND conversation_id = ?")) {
            ps.setString(1, botId);
            ps.setString(2, conversationId);
            long count;
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                count = rs.getLong(1);
            }
            connection.commit();
            return count;
        } catch (SQLException e) {
            rollback();
            throw failure(shownUrl, "cannot count the transcript of conversation " + conversationId, e);
        }
    }

    /** The lines a newest-first query returns, oldest first. */
    private static List<StoredLine> lines(PreparedStatement ps) throws SQLException, JsonProcessingException {
        List<StoredLine> lines = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String options = decode(rs.getString(3));
                lines.add(new StoredLine(
                        StoredLine.Sender.valueOf(rs.getString(1)),
                        decode(rs.getString(2)),
                        options == null ? List.of() : JSON.readValue(options, new TypeReference<List<String>>() {}),
                        Instant.ofEpochMilli(rs.getLong(4))));
            }
        }
        Collections.reverse(lines);
        return lines;
    }

    @Override
    public synchronized List<ConversationStore.Key> liveHandoffs() {
        try (PreparedStatement ps = connection.prepareStatement("SELECT bot_id, conversation_id FROM conv_handoffs"
                + " WHERE state IN ('CONNECTING', 'WITH_AGENT') ORDER BY updated_at")) {
            List<ConversationStore.Key> keys = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(new ConversationStore.Key(rs.getString(1), rs.getString(2)));
                }
            }
            connection.commit();
            return keys;
        } catch (SQLException e) {
            rollback();
            throw failure(shownUrl, "cannot list the live handoffs", e);
        }
    }

    /** Commits every write waiting, then closes the connection. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            queue.put(STOP);
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            closeConnection();
        }
    }

    private void closeConnection() {
        try {
            connection.close();
            log.info("conversation store {} closed", shownUrl);
        } catch (SQLException e) {
            log.warn("conversation store {}: closing failed: {}", shownUrl, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "JdbcConversationStore[" + shownUrl + "]";
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            log.warn("conversation store {}: rollback failed: {}", shownUrl, e.getMessage());
        }
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private static ConversationStoreException failure(String shown, String what, Exception e) {
        SQLException sql = null;
        for (Throwable t = e; t != null && sql == null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                sql = s;
            }
        }
        String reason = redact(String.valueOf(sql != null ? sql.getMessage() : e.getMessage())
                .strip()
                .lines()
                .findFirst()
                .orElse("unknown error"));
        if (sql != null && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
            return new ConversationStoreException(
                    ConversationStoreException.Problem.IN_USE,
                    "database " + shown + " is in use by another process",
                    e);
        }
        if (sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
            return new ConversationStoreException(
                    ConversationStoreException.Problem.UNREACHABLE,
                    "cannot reach database " + shown + ": " + reason,
                    e);
        }
        return new ConversationStoreException(
                ConversationStoreException.Problem.FAILED, "database " + shown + ": " + what + ": " + reason, e);
    }

    /** PostgreSQL cannot keep NUL in text: NUL is written as U+FFFF '0', U+FFFF itself as U+FFFF '1'. */
    static String encode(String text) {
        if (text == null || (text.indexOf('\u0000') < 0 && text.indexOf(ESCAPE) < 0)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                out.append(ESCAPE).append('0');
            } else if (c == ESCAPE) {
                out.append(ESCAPE).append('1');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String decode(String stored) {
        if (stored == null || stored.indexOf(ESCAPE) < 0) {
            return stored;
        }
        StringBuilder out = new StringBuilder(stored.length());
        for (int i = 0; i < stored.length(); i++) {
            char c = stored.charAt(i);
            if (c == ESCAPE
                    && i + 1 < stored.length()
                    && (stored.charAt(i + 1) == '0' || stored.charAt(i + 1) == '1')) {
                out.append(stored.charAt(i + 1) == '0' ? '\u0000' : ESCAPE);
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
