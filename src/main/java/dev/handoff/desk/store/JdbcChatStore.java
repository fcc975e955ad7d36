package dev.handoff.desk.store;

import dev.handoff.desk.api.Contact;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChatStore} in a relational database over JDBC: an H2 file database by default, or
 * PostgreSQL. The schema is migrated with Flyway ({@code classpath:db/migration}) when the store opens.
 * One connection in auto-commit mode, used under the store's lock: every write is committed on return.
 * Texts are escaped on the way in and out ({@link StoredText}), so NUL survives PostgreSQL.
 */
public final class JdbcChatStore implements ChatStore {
    private static final Logger log = LoggerFactory.getLogger(JdbcChatStore.class);
    private static final String CHAT_COLUMNS = "c.id, c.bot_id, c.conversation_id, c.department, c.language, "
            + "k.name, k.email, k.phone, c.subject, c.status, c.agent, c.created_at, c.queued_at, "
            + "c.last_activity_at, c.archived_at, c.archive_reason, " + ChatFactColumns.SELECTED;
    private static final String CHAT_FROM = " FROM desk_chats c LEFT JOIN desk_contacts k ON k.id = c.contact_id";

    private final String url;
    private final Connection connection;
    /** Under the store's lock: a {@link #batch} is open (its writes commit together at its end). */
    private boolean inBatch;

    private JdbcChatStore(String url, Connection connection) {
        this.url = url;
        this.connection = connection;
    }

    /**
     * Migrates the schema and opens the store; a failure is a {@link StoreOpenException} with a one-line
     * message (the URL without its password).
     */
    public static JdbcChatStore open(String url, String user, String password) {
        String shown = redact(url);
        migrate(url, user, password);
        try {
            Properties props = new Properties();
            if (user != null) props.setProperty("user", user);
            if (password != null) props.setProperty("password", password);
            Connection c = DriverManager.getConnection(url, props);
            c.setAutoCommit(true);
            log.info("desk database {} ready", shown);
            return new JdbcChatStore(shown, c);
        } catch (SQLException e) {
            throw openFailure(shown, "cannot connect", e);
        }
    }

    /**
     * Migrates the schema ({@code classpath:db/migration}); a failure is a {@link StoreOpenException}. Every cluster
     * node does it at start (Flyway takes a lock of its own, so nodes starting together migrate once).
     */
    public static void migrate(String url, String user, String password) {
        try {
            Flyway.configure(JdbcChatStore.class.getClassLoader())
                    .dataSource(url, user, password)
                    .locations("classpath:db/migration")
                    .loggers("slf4j")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw openFailure(redact(url), "schema migration failed", e);
        }
    }

    /**
     * The store on a connection the caller opened and keeps (a cluster leader's, which holds the leader's lock: what
     * is written on it is the leader's alone); the schema must be migrated. {@link #close()} closes the connection.
     */
    public static JdbcChatStore on(Connection connection, String shownUrl) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            throw openFailure(shownUrl, "cannot use the connection", e);
        }
        return new JdbcChatStore(redact(shownUrl), connection);
    }

    /** H2's "database may be already in use" (another process has the file open). */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    private static StoreOpenException openFailure(String shown, String what, Exception e) {
        SQLException sql = null;
        for (Throwable t = e; t != null && sql == null; t = t.getCause()) {
            if (t instanceof SQLException s) sql = s;
        }
        String reason = firstLine(sql != null ? sql.getMessage() : e.getMessage());
        if (sql != null && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
            return new StoreOpenException(
                    StoreOpenException.Problem.IN_USE, "database " + shown + " is in use by another process", e);
        }
        if (sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
            return new StoreOpenException(
                    StoreOpenException.Problem.UNREACHABLE, "cannot reach database " + shown + ": " + reason, e);
        }
        return new StoreOpenException(
                StoreOpenException.Problem.FAILED, "database " + shown + ": " + what + ": " + reason, e);
    }

    private static String firstLine(String message) {
        if (message == null) return "unknown error";
        String line = message.strip().lines().findFirst().orElse("unknown error");
        return redact(line);
    }

    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public synchronized void create(StoredChat chat) {
        try {
            Long contactId = null;
            Contact k = chat.contact();
            if (!k.isEmpty()) {
                try (PreparedStatement ps = connection.prepareStatement(
                        "INSERT INTO desk_contacts (name, email, phone, created_at) VALUES (?, ?, ?, ?)",
                        Statement.RETURN_GENERATED_KEYS)) {
                    setText(ps, 1, k.name());
                    setText(ps, 2, k.email());
                    setText(ps, 3, k.phone());
                    ps.setLong(4, chat.createdAt().toEpochMilli());
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        if (keys.next()) contactId = keys.getLong(1);
                    }
                }
            }
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT INTO desk_chats (id, bot_id, conversation_id, department, language, contact_id, subject, status, "
                            + "agent, created_at, queued_at, last_activity_at, archived_at, archive_reason, "
                            + ChatFactColumns.NAMES + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                            + ChatFactColumns.MARKS + ")")) {
                setText(ps, 1, chat.id());
                setText(ps, 2, chat.botId());
                setText(ps, 3, chat.conversationId());
                setText(ps, 4, chat.department());
                setText(ps, 5, chat.language());
                if (contactId == null) ps.setNull(6, Types.BIGINT);
                else ps.setLong(6, contactId);
                setText(ps, 7, chat.subject());
                setText(ps, 8, chat.status());
                setText(ps, 9, chat.agent());
                ps.setLong(10, chat.createdAt().toEpochMilli());
                setInstant(ps, 11, chat.queuedAt());
                setInstant(ps, 12, chat.lastActivityAt());
                setInstant(ps, 13, chat.archivedAt());
                setText(ps, 14, chat.archiveReason());
                ChatFactColumns.set(ps, 15, chat.facts());
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw fail("create chat " + chat.id(), e);
        }
    }

    @Override
    public synchronized void update(StoredChat chat) {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE desk_chats SET department = ?, language = ?, subject = ?, status = ?, agent = ?, queued_at = ?, "
                        + "last_activity_at = ?, archived_at = ?, archive_reason = ?, " + ChatFactColumns.ASSIGNED
                        + " WHERE id = ?")) {
            setText(ps, 1, chat.department());
            setText(ps, 2, chat.language());
            setText(ps, 3, chat.subject());
            setText(ps, 4, chat.status());
            setText(ps, 5, chat.agent());
            setInstant(ps, 6, chat.queuedAt());
            setInstant(ps, 7, chat.lastActivityAt());
            setInstant(ps, 8, chat.archivedAt());
            setText(ps, 9, chat.archiveReason());
            int next = ChatFactColumns.set(ps, 10, chat.facts());
            setText(ps, next, chat.id());
            if (ps.executeUpdate() != 1) throw new SQLException("no chat with this id");
        } catch (SQLException e) {
            throw fail("update chat " + chat.id(), e);
        }
    }

    @Override
    public synchronized void append(StoredMessage m) {
        try {
            insert(m, null);
        } catch (SQLException e) {
            throw fail("append message " + m.seq() + " to chat " + m.chatId(), e);
        }
    }

    @Override
    public synchronized void appendFromClient(StoredMessage m, String clientId) {
        try {
            insert(m, clientId);
        } catch (SQLException e) {
            throw fail("append message " + m.seq() + " (client id " + clientId + ") to chat " + m.chatId(), e);
        }
    }

    @Override
    public synchronized Set<String> clientMessageIds(String chatId) {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT client_id FROM desk_messages WHERE chat_id = ? AND client_id IS NOT NULL")) {
            setText(ps, 1, chatId);
            Set<String> out = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(text(rs, 1));
            }
            return Set.copyOf(out);
        } catch (SQLException e) {
            throw fail("read the client message ids of chat " + chatId, e);
        }
    }

    @Override
    public synchronized void acknowledgeToUser(String chatId, int id) {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE desk_chats SET to_user_acked = ? WHERE id = ? AND to_user_acked < ?")) {
            ps.setInt(1, id);
            ps.setString(2, chatId);
            ps.setInt(3, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("store the acknowledged to_user " + id + " of chat " + chatId, e);
        }
    }

    @Override
    public synchronized int toUserAcknowledged(String chatId) {
        try (PreparedStatement ps = connection.prepareStatement("SELECT to_user_acked FROM desk_chats WHERE id = ?")) {
            ps.setString(1, chatId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw fail("read the acknowledged to_user of chat " + chatId, e);
        }
    }

    @Override
    public synchronized void setResumeHash(String chatId, String hash) {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE desk_chats SET resume_hash = ? WHERE id = ?")) {
            ps.setString(1, hash);
            setText(ps, 2, chatId);
            if (ps.executeUpdate() != 1) throw new SQLException("no chat with this id");
        } catch (SQLException e) {
            throw fail("store the resume token hash of chat " + chatId, e);
        }
    }

    @Override
    public synchronized Optional<String> resumeHash(String chatId) {
        try (PreparedStatement ps = connection.prepareStatement("SELECT resume_hash FROM desk_chats WHERE id = ?")) {
            setText(ps, 1, chatId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw fail("read the resume token hash of chat " + chatId, e);
        }
    }

    @Override
    public synchronized java.util.concurrent.CompletableFuture<Rated> rate(
            String chatId, int rating, String comment, Instant at) {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE desk_chats SET rating = ?, rating_comment = ?, rated_at = ? WHERE id = ? AND rating IS NULL")) {
            ps.setInt(1, rating);
            setText(ps, 2, comment);
            setInstant(ps, 3, at);
            setText(ps, 4, chatId);
            if (ps.executeUpdate() == 1) return java.util.concurrent.CompletableFuture.completedFuture(Rated.RATED);
        } catch (SQLException e) {
            throw fail("store the rating of chat " + chatId, e);
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT rating FROM desk_chats WHERE id = ?")) {
            setText(ps, 1, chatId);
            try (ResultSet rs = ps.executeQuery()) {
                return java.util.concurrent.CompletableFuture.completedFuture(
                        rs.next() ? Rated.ALREADY_RATED : Rated.NO_CHAT);
            }
        } catch (SQLException e) {
            throw fail("read the rating of chat " + chatId, e);
        }
    }

    /** One message; {@code clientId} is the client's id for a user message, or {@code null}. */
    private void insert(StoredMessage m, String clientId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO desk_messages (chat_id, seq, history, sender, author, text, language, translation, created_at, "
                        + "client_id, translation_language, translation_engine, translation_error)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            setText(ps, 1, m.chatId());
            ps.setInt(2, m.seq());
            ps.setBoolean(3, m.history());
            setText(ps, 4, m.sender());
            setText(ps, 5, m.author());
            setText(ps, 6, m.text());
            setText(ps, 7, m.language());
            StoredTranslation t = m.translation();
            setText(ps, 8, t == null ? null : t.text());
            ps.setLong(9, m.at().toEpochMilli());
            setText(ps, 10, clientId);
            setText(ps, 11, t == null ? null : t.language());
            setText(ps, 12, t == null ? null : t.engine());
            setText(ps, 13, t == null ? null : t.error());
            ps.executeUpdate();
        }
    }

    /** Under the store's lock, so the check's timeout never cuts a statement of the store's short. */
    @Override
    public synchronized boolean alive() {
        try {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** One transaction for the writes: committed at the end, rolled back (and thrown) when one fails. */
    @Override
    public synchronized void batch(Runnable writes) {
        if (inBatch) {
            writes.run();
            return;
        }
        try {
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw fail("begin a batch of writes", e);
        }
        inBatch = true;
        try {
            writes.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the original failure is what matters
            }
            if (e instanceof SQLException sql) throw fail("commit a batch of writes", sql);
            throw (RuntimeException) e;
        } finally {
            inBatch = false;
            try {
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                log.warn("database {}: cannot restore auto-commit: {}", url, e.getMessage());
            }
        }
    }

    @Override
    public synchronized void replaceHistory(String chatId, List<StoredMessage> history) {
        if (inBatch) {
            try {
                replaceHistoryRows(chatId, history);
            } catch (SQLException e) {
                throw fail("replace the bot history of chat " + chatId, e);
            }
            return;
        }
        try {
            connection.setAutoCommit(false);
            replaceHistoryRows(chatId, history);
            connection.commit();
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the original failure is what matters
            }
            throw fail("replace the bot history of chat " + chatId, e);
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                log.warn("database {}: cannot restore auto-commit: {}", url, e.getMessage());
            }
        }
    }

    private void replaceHistoryRows(String chatId, List<StoredMessage> history) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement("DELETE FROM desk_messages WHERE chat_id = ? AND history = TRUE")) {
            setText(ps, 1, chatId);
            ps.executeUpdate();
        }
        for (StoredMessage m : history) insert(m, null);
    }

    @Override
    public synchronized List<StoredMessage> messages(String chatId) {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT chat_id, seq, history, sender, author, text, language, translation, created_at,"
                        + " translation_language, translation_engine, translation_error FROM desk_messages "
                        + "WHERE chat_id = ? ORDER BY CASE WHEN history THEN 0 ELSE 1 END, seq, id")) {
            setText(ps, 1, chatId);
            List<StoredMessage> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredMessage(
                            text(rs, 1),
                            rs.getInt(2),
                            rs.getBoolean(3),
                            text(rs, 4),
                            text(rs, 5),
                            text(rs, 6),
                            text(rs, 7),
                            translation(text(rs, 8), text(rs, 10), text(rs, 11), text(rs, 12)),
                            Instant.ofEpochMilli(rs.getLong(9))));
                }
            }
            return List.copyOf(out);
        } catch (SQLException e) {
            throw fail("read the messages of chat " + chatId, e);
        }
    }

    /** A stored translation: none when no column is set (the rows before V4 have a text at most). */
    private static StoredTranslation translation(String text, String language, String engine, String error) {
        if (text == null && language == null && engine == null && error == null) return null;
        return new StoredTranslation(text, language, engine, error);
    }

    @Override
    public synchronized void updateMessage(StoredMessage m) {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE desk_messages SET language = ?, translation = ?, translation_language = ?,"
                        + " translation_engine = ?, translation_error = ? WHERE chat_id = ? AND seq = ? AND history = ?")) {
            StoredTranslation t = m.translation();
            setText(ps, 1, m.language());
            setText(ps, 2, t == null ? null : t.text());
            setText(ps, 3, t == null ? null : t.language());
            setText(ps, 4, t == null ? null : t.engine());
            setText(ps, 5, t == null ? null : t.error());
            setText(ps, 6, m.chatId());
            ps.setInt(7, m.seq());
            ps.setBoolean(8, m.history());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("update message " + m.seq() + " of chat " + m.chatId(), e);
        }
    }

    @Override
    public synchronized void saveTranslation(StoredMessage m) {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE desk_messages SET translation = ?, translation_language = ?, translation_engine = ?,"
                        + " translation_error = ? WHERE chat_id = ? AND seq = ? AND history = ? AND language = ?")) {
            StoredTranslation t = m.translation();
            setText(ps, 1, t == null ? null : t.text());
            setText(ps, 2, t == null ? null : t.language());
            setText(ps, 3, t == null ? null : t.engine());
            setText(ps, 4, t == null ? null : t.error());
            setText(ps, 5, m.chatId());
            ps.setInt(6, m.seq());
            ps.setBoolean(7, m.history());
            setText(ps, 8, m.language());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("store the translation of message " + m.seq() + " of chat " + m.chatId(), e);
        }
    }

    @Override
    public synchronized Optional<StoredChat> chat(String chatId) {
        List<StoredChat> found =
                chats("SELECT " + CHAT_COLUMNS + CHAT_FROM + " WHERE c.id = ?", "read chat " + chatId, chatId);
        return found.stream().findFirst();
    }

    @Override
    public synchronized List<StoredChat> openChats() {
        return chats(
                "SELECT " + CHAT_COLUMNS + CHAT_FROM + " WHERE c.status <> 'archived' ORDER BY c.created_at, c.id",
                "read the open chats");
    }

    @Override
    public synchronized List<StoredChat> archived(int offset, int limit) {
        return chats(
                "SELECT " + CHAT_COLUMNS + CHAT_FROM + " WHERE c.status = 'archived' " + newestFirst(offset, limit),
                "list archived chats");
    }

    @Override
    public synchronized List<StoredChat> archivedIn(Set<String> departments, int offset, int limit) {
        if (departments.isEmpty()) return List.of();
        String marks = String.join(", ", Collections.nCopies(departments.size(), "?"));
        return chats(
                "SELECT " + CHAT_COLUMNS + CHAT_FROM + " WHERE c.status = 'archived' AND c.department IN (" + marks
                        + ") " + newestFirst(offset, limit),
                "list archived chats of " + departments.size() + " department(s)",
                departments.stream().sorted().toArray(String[]::new));
    }

    @Override
    public synchronized List<StoredChat> searchArchive(Set<String> departments, String text, int offset, int limit) {
        if (departments != null && departments.isEmpty()) return List.of();
        List<String> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE c.status = 'archived'");
        if (departments != null) {
            where.append(" AND c.department IN (")
                    .append(String.join(", ", Collections.nCopies(departments.size(), "?")))
                    .append(")");
            departments.stream().sorted().forEach(params::add);
        }
        String pattern = "%" + likeEscaped(text.toLowerCase(java.util.Locale.ROOT)) + "%";
        where.append(" AND (");
        String[] columns = {"c.conversation_id", "c.id", "k.name", "k.email", "k.phone"};
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) where.append(" OR ");
            where.append("LOWER(").append(columns[i]).append(") LIKE ? ESCAPE '!'");
            params.add(pattern);
        }
        where.append(") ");
        return chats(
                "SELECT " + CHAT_COLUMNS + CHAT_FROM + where + newestFirst(offset, limit),
                "search the archive",
                params.toArray(String[]::new));
    }

    /** {@code text} matched literally by LIKE with ESCAPE '!'. */
    private static String likeEscaped(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static String newestFirst(int offset, int limit) {
        return "ORDER BY c.archived_at DESC, c.id LIMIT " + Math.max(0, limit) + " OFFSET " + Math.max(0, offset);
    }

    private List<StoredChat> chats(String sql, String what, String... params) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) setText(ps, i + 1, params[i]);
            List<StoredChat> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredChat(
                            text(rs, 1),
                            text(rs, 2),
                            text(rs, 3),
                            text(rs, 4),
                            text(rs, 5),
                            new Contact(text(rs, 6), text(rs, 7), text(rs, 8)),
                            text(rs, 9),
                            text(rs, 10),
                            text(rs, 11),
                            instant(rs, 12),
                            instant(rs, 13),
                            instant(rs, 14),
                            instant(rs, 15),
                            text(rs, 16),
                            ChatFactColumns.read(rs, 17)));
                }
            }
            return List.copyOf(out);
        } catch (SQLException e) {
            throw fail(what, e);
        }
    }

    @Override
    public synchronized void assignmentStarted(String chatId, String agent, Instant at) {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO desk_assignments (chat_id, agent, started_at) VALUES (?, ?, ?)")) {
            setText(ps, 1, chatId);
            setText(ps, 2, agent);
            ps.setLong(3, at.toEpochMilli());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("record the assignment of chat " + chatId + " to " + agent, e);
        }
    }

    @Override
    public synchronized void assignmentEnded(String chatId, String agent, Instant at, String reason) {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE desk_assignments SET ended_at = ?, end_reason = ? WHERE chat_id = ? AND agent = ? AND ended_at IS NULL")) {
            ps.setLong(1, at.toEpochMilli());
            setText(ps, 2, reason);
            setText(ps, 3, chatId);
            setText(ps, 4, agent);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("end the assignment of chat " + chatId + " to " + agent, e);
        }
    }

    @Override
    public synchronized List<String> assignments(String chatId) {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT agent, end_reason FROM desk_assignments WHERE chat_id = ? ORDER BY id")) {
            setText(ps, 1, chatId);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(text(rs, 1) + ":" + (text(rs, 2) == null ? "open" : text(rs, 2)));
            }
            return List.copyOf(out);
        } catch (SQLException e) {
            throw fail("read the assignments of chat " + chatId, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("database {}: close failed: {}", url, e.getMessage());
        }
    }

    /** Every text goes through {@link StoredText}: PostgreSQL cannot store NUL. */
    private static void setText(PreparedStatement ps, int index, String value) throws SQLException {
        ps.setString(index, StoredText.encode(value));
    }

    private static String text(ResultSet rs, int index) throws SQLException {
        return StoredText.decode(rs.getString(index));
    }

    private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) ps.setNull(index, Types.BIGINT);
        else ps.setLong(index, value.toEpochMilli());
    }

    private static Instant instant(ResultSet rs, int index) throws SQLException {
        long v = rs.getLong(index);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private StoreException fail(String what, SQLException e) {
        return new StoreException("database " + url + ": " + what + ": " + e.getMessage(), e);
    }
}
