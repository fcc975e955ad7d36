package dev.handoff.desk.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.handoff.desk.api.Contact;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChatStore} in a relational database over JDBC: an H2 file database by default, or
 * PostgreSQL. The schema is migrated with Flyway ({@code classpath:db/migration}) when the store opens.
 * Texts are escaped on the way in and out ({@link StoredText}), so NUL survives PostgreSQL.
 *
 * <p>Two kinds of connection. Writes go to one connection in auto-commit mode, under the store's lock
 * ({@code this}): every write is committed on return, a {@link #batch} commits its writes together, and in a
 * cluster that connection is the one holding the leader's lock ({@link #on}). Reads take a connection of a small
 * pool (HikariCP, {@code readConnections} at most, read-only) and never the store's lock, so a long read (an
 * archive page, a search) never holds up a commit, nor a commit a read. A read sees what was committed before it
 * began: a write that returned (or a batch that ended) before the read started is seen, as on the one connection
 * before. The pool only reads: no write method ever takes one of its connections, and on PostgreSQL they are
 * read-only sessions ({@code readOnlyMode=always}), so the database refuses a write on them too.
 *
 * <p>Statement batching. Outside a {@link #batch} every write is one statement executed (and committed) before the
 * method returns. Inside one, writes are queued and sent with JDBC batching ({@code addBatch}, {@code executeBatch}):
 * one round trip for many rows, where a write each was one round trip each. On PostgreSQL the write connection this
 * store opens sets {@code reWriteBatchedInserts=true} (unless the URL says otherwise), so a batch of inserts is sent
 * as multi-row inserts; a connection given to {@link #on} keeps the properties its opener chose. The rule that keeps
 * a batch's outcome the same as the writes run one by one in call order:
 *
 * <ul>
 *   <li><b>Ordered writes</b> (a chat's insert, its updates, its resume hash, assignments, the messages' updates and
 *       a history's delete) stay in call order: consecutive writes of the same SQL form one JDBC batch, which is
 *       sent when a write of another SQL comes.
 *   <li><b>Message inserts</b> ({@link #append}, {@link #appendFromClient}, a history's rows) are deferred to a batch
 *       of their own, sent after the ordered writes. Deferring an insert only moves it later, and nothing queued
 *       after it needs it first, except a write on {@code desk_messages} ({@link #updateMessage}, {@link
 *       #saveTranslation}, a history's delete): such a write sends everything queued before it is queued. A
 *       message needs its chat's row (a foreign key), which was queued before it and is sent before it. The
 *       inserts keep their own order, so their ids do too.
 *   <li><b>Acknowledgements</b> ({@link #acknowledgeToUser}) are deferred last, one per chat (its highest id): the
 *       update is monotonic ({@code WHERE to_user_acked < ?}) and no other write reads or sets that column, so
 *       running only the highest, after everything else, ends in the same row.
 *   <li>Everything queued is sent before the commit, before any read on the write connection ({@link #rate}), and
 *       before a statement that must run alone (a contact's insert, which reads its generated key, touches no
 *       table a queued write touches and runs at once).
 * </ul>
 *
 * <p>A write that fails inside a batch fails the batch (the caller may roll back and run the writes again one by
 * one, as {@link WriteBehindChatStore} does): its {@link StoreException} names the write the database refused when
 * the driver says which one, else the writes of the JDBC batch, with the database's own reason. Since queued writes
 * are sent later, such a failure may surface from a later write's call or from the batch's commit. A queued update
 * that must change one row ({@link #update}, {@link #setResumeHash}) is checked against the batch's update counts.
 * Prepared statements of the write connection are kept (one per SQL) and closed with the store.
 *
 * <p>The system property {@value #BATCH_STATEMENTS_PROPERTY} {@code =false}, read when a store is made, turns
 * statement batching off (a batch's writes are then one statement each, as before it existed): for benchmarks
 * that compare the two, not for production.
 *
 * <p>Threads: every method may be called from any thread; writes are serialized by the store's lock, reads run
 * at once on a pooled connection (waiting at most {@value #READ_WAIT_MS} ms for a free one, then {@link
 * StoreException.Problem#READS_BUSY}). {@link #close()} closes the write connection and the pool.
 */
public final class JdbcChatStore implements ChatStore {
    private static final Logger log = LoggerFactory.getLogger(JdbcChatStore.class);
    private static final String CHAT_COLUMNS = "c.id, c.bot_id, c.conversation_id, c.department, c.language, "
            + "k.name, k.email, k.phone, c.subject, c.status, c.agent, c.created_at, c.queued_at, "
            + "c.last_activity_at, c.archived_at, c.archive_reason, " + ChatFactColumns.SELECTED;
    private static final String CHAT_FROM = " FROM desk_chats c LEFT JOIN desk_contacts k ON k.id = c.contact_id";

    /** The read connections a store has at most when nobody says ({@code dbReadConnections}'s default). */
    public static final int DEFAULT_READ_CONNECTIONS = 4;
    /** The most read connections a store may have. */
    public static final int MAX_READ_CONNECTIONS = 64;
    /** How long a read waits for a free connection of the pool before it fails as {@code store-reads-busy}. */
    static final long READ_WAIT_MS = 10_000;

    private final String url;
    /** The write connection: used under the store's lock only. */
    private final Connection connection;
    /** The read connections. */
    private final HikariDataSource reads;
    /** Under the store's lock: a {@link #batch} is open (its writes commit together at its end). */
    private boolean inBatch;
    /** Whether a batch's writes are sent as JDBC batches ({@value #BATCH_STATEMENTS_PROPERTY}). */
    private final boolean batchStatements;
    /** The write connection's prepared statements, by SQL; under the store's lock. */
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    /** Under the store's lock, in a batch: the ordered writes queued, all of the SQL {@link #runSql}. */
    private final List<Queued> run = new ArrayList<>();

    private String runSql;
    /** Under the store's lock, in a batch: the message inserts deferred. */
    private final List<Queued> inserts = new ArrayList<>();
    /** Under the store's lock, in a batch: the highest acknowledged {@code to_user} per chat, deferred. */
    private final Map<String, Integer> acks = new LinkedHashMap<>();

    /** {@code -Ddev.handoff.desk.store.batchStatements=false}: no statement batching (benchmarks only). */
    public static final String BATCH_STATEMENTS_PROPERTY = "dev.handoff.desk.store.batchStatements";

    private JdbcChatStore(String url, Connection connection, HikariDataSource reads) {
        this.url = url;
        this.connection = connection;
        this.reads = reads;
        this.batchStatements = !"false".equalsIgnoreCase(System.getProperty(BATCH_STATEMENTS_PROPERTY));
    }

    /** Sets the parameters of a write's statement. */
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** A write queued in a batch: what it is (for errors), its parameters, and whether it must change one row. */
    private record Queued(String what, Binder bind, boolean oneRow) {}

    private static final String NO_CHAT = "no chat with this id";

    /** As {@link #open(String, String, String, int)} with {@value #DEFAULT_READ_CONNECTIONS} read connections. */
    public static JdbcChatStore open(String url, String user, String password) {
        return open(url, user, password, DEFAULT_READ_CONNECTIONS);
    }

    /**
     * Migrates the schema and opens the store: its write connection and a pool of at most {@code readConnections}
     * read connections. A failure is a {@link StoreOpenException} with a one-line message (the URL without its
     * password).
     */
    public static JdbcChatStore open(String url, String user, String password, int readConnections) {
        checkReadConnections(readConnections);
        String shown = redact(url);
        migrate(url, user, password);
        Connection c;
        try {
            Properties props = new Properties();
            if (user != null) props.setProperty("user", user);
            if (password != null) props.setProperty("password", password);
            // a batch of inserts goes as multi-row inserts (see "Statement batching")
            if (isPostgres(url) && !url.contains("reWriteBatchedInserts"))
                props.setProperty("reWriteBatchedInserts", "true");
            c = DriverManager.getConnection(url, props);
            c.setAutoCommit(true);
        } catch (SQLException e) {
            throw openFailure(shown, "cannot connect", e);
        }
        HikariDataSource pool;
        try {
            pool = readPool(url, user, password, readConnections, null);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw openFailure(shown, "cannot open the read connections", e);
        }
        log.info("desk database {} ready ({} read connection(s) at most)", shown, readConnections);
        return new JdbcChatStore(shown, c, pool);
    }

    private static void checkReadConnections(int readConnections) {
        if (readConnections < 1 || readConnections > MAX_READ_CONNECTIONS)
            throw new IllegalArgumentException(
                    "readConnections must be 1 to " + MAX_READ_CONNECTIONS + ", not " + readConnections);
    }

    /**
     * The pool of read connections: read-only, in auto-commit, a fixed size (HikariCP's advice), named {@code
     * desk-reads}. On PostgreSQL the sessions are read-only ({@code readOnlyMode=always}), give up connecting after
     * 5 s, and carry {@code applicationName} when there is one ({@code pg_stat_activity}). HikariCP's own threads
     * (its housekeeper, which adds and retires connections) are daemons.
     */
    private static HikariDataSource readPool(
            String url, String user, String password, int size, String applicationName) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("desk-reads");
        config.setJdbcUrl(url);
        if (user != null) config.setUsername(user);
        if (password != null) config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setAutoCommit(true);
        config.setReadOnly(true);
        config.setConnectionTimeout(READ_WAIT_MS);
        if (isPostgres(url)) {
            config.addDataSourceProperty("readOnlyMode", "always");
            config.addDataSourceProperty("connectTimeout", "5");
            if (applicationName != null) config.addDataSourceProperty("ApplicationName", applicationName);
        }
        return new HikariDataSource(config);
    }

    private static boolean isPostgres(String url) {
        return url.strip().startsWith("jdbc:postgresql:");
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the open failure is what matters
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
     * The store writing on a connection the caller opened (a cluster leader's, which holds the leader's lock: what
     * is written on it is the leader's alone), reading on a pool of its own of at most {@code readConnections}
     * connections to {@code url}, named {@code applicationName} on PostgreSQL; the schema must be migrated. {@link
     * #close()} closes the connection and the pool. A failure is a {@link StoreOpenException}; the connection is
     * then left to the caller.
     */
    public static JdbcChatStore on(
            Connection writes, String url, String user, String password, int readConnections, String applicationName) {
        checkReadConnections(readConnections);
        String shown = redact(url);
        try {
            writes.setAutoCommit(true);
        } catch (SQLException e) {
            throw openFailure(shown, "cannot use the connection", e);
        }
        try {
            return new JdbcChatStore(shown, writes, readPool(url, user, password, readConnections, applicationName));
        } catch (RuntimeException e) {
            throw openFailure(shown, "cannot open the read connections", e);
        }
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
            Long contact = contactId;
            write(INSERT_CHAT, "create chat " + chat.id(), false, ps -> {
                setText(ps, 1, chat.id());
                setText(ps, 2, chat.botId());
                setText(ps, 3, chat.conversationId());
                setText(ps, 4, chat.department());
                setText(ps, 5, chat.language());
                if (contact == null) ps.setNull(6, Types.BIGINT);
                else ps.setLong(6, contact);
                setText(ps, 7, chat.subject());
                setText(ps, 8, chat.status());
                setText(ps, 9, chat.agent());
                ps.setLong(10, chat.createdAt().toEpochMilli());
                setInstant(ps, 11, chat.queuedAt());
                setInstant(ps, 12, chat.lastActivityAt());
                setInstant(ps, 13, chat.archivedAt());
                setText(ps, 14, chat.archiveReason());
                ChatFactColumns.set(ps, 15, chat.facts());
            });
        } catch (SQLException e) {
            throw fail("create chat " + chat.id(), e);
        }
    }

    private static final String INSERT_CHAT =
            "INSERT INTO desk_chats (id, bot_id, conversation_id, department, language, contact_id, subject, status, "
                    + "agent, created_at, queued_at, last_activity_at, archived_at, archive_reason, "
                    + ChatFactColumns.NAMES + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    + ChatFactColumns.MARKS + ")";
    private static final String UPDATE_CHAT =
            "UPDATE desk_chats SET department = ?, language = ?, subject = ?, status = ?, agent = ?, queued_at = ?, "
                    + "last_activity_at = ?, archived_at = ?, archive_reason = ?, " + ChatFactColumns.ASSIGNED
                    + " WHERE id = ?";
    private static final String INSERT_MESSAGE =
            "INSERT INTO desk_messages (chat_id, seq, history, sender, author, text, language, translation, created_at, "
                    + "client_id, translation_language, translation_engine, translation_error, to_user_acked)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String ACKNOWLEDGE =
            "UPDATE desk_chats SET to_user_acked = ? WHERE id = ? AND to_user_acked < ?";
    private static final String SET_RESUME_HASH = "UPDATE desk_chats SET resume_hash = ? WHERE id = ?";
    private static final String DELETE_HISTORY = "DELETE FROM desk_messages WHERE chat_id = ? AND history = TRUE";
    private static final String UPDATE_MESSAGE =
            "UPDATE desk_messages SET language = ?, translation = ?, translation_language = ?,"
                    + " translation_engine = ?, translation_error = ? WHERE chat_id = ? AND seq = ? AND history = ?";
    private static final String SAVE_TRANSLATION =
            "UPDATE desk_messages SET translation = ?, translation_language = ?, translation_engine = ?,"
                    + " translation_error = ? WHERE chat_id = ? AND seq = ? AND history = ? AND language = ?";
    private static final String ASSIGNMENT_STARTED =
            "INSERT INTO desk_assignments (chat_id, agent, started_at) VALUES (?, ?, ?)";
    private static final String ASSIGNMENT_ENDED = "UPDATE desk_assignments SET ended_at = ?, end_reason = ?"
            + " WHERE chat_id = ? AND agent = ? AND ended_at IS NULL";

    /** The write connection's statement for {@code sql}, prepared once. Under the store's lock. */
    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /** Whether the writes are queued (a batch is open and statement batching is on). */
    private boolean queueing() {
        return inBatch && batchStatements;
    }

    /**
     * An ordered write: executed now outside a batch (failing with {@code what} when it fails, or changes no row
     * though {@code oneRow}), else queued after the writes before it (see "Statement batching").
     */
    private void write(String sql, String what, boolean oneRow, Binder bind) {
        if (queueing()) {
            if (!sql.equals(runSql)) sendRun();
            runSql = sql;
            run.add(new Queued(what, bind, oneRow));
            return;
        }
        try {
            PreparedStatement ps = statement(sql);
            bind.bind(ps);
            if (ps.executeUpdate() != 1 && oneRow) throw new SQLException(NO_CHAT);
        } catch (SQLException e) {
            throw fail(what, e);
        }
    }

    /** Sends every queued write: the ordered ones, then the message inserts, then the acknowledgements. */
    private void sendQueued() {
        sendRun();
        send(INSERT_MESSAGE, inserts);
        if (!acks.isEmpty()) {
            List<Queued> highest = new ArrayList<>(acks.size());
            acks.forEach((chatId, id) -> highest.add(acknowledgement(chatId, id)));
            acks.clear();
            send(ACKNOWLEDGE, highest);
        }
    }

    private void sendRun() {
        if (runSql != null) send(runSql, run);
        runSql = null;
    }

    /** Forgets what is queued (the batch is rolled back). */
    private void dropQueued() {
        run.clear();
        runSql = null;
        inserts.clear();
        acks.clear();
    }

    /** One JDBC batch: {@code queued} (then emptied), all of {@code sql}, in one {@code executeBatch}. */
    private void send(String sql, List<Queued> queued) {
        if (queued.isEmpty()) return;
        List<Queued> writes = List.copyOf(queued);
        queued.clear();
        PreparedStatement ps = null;
        try {
            ps = statement(sql);
            for (Queued q : writes) {
                q.bind().bind(ps);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < writes.size() && i < counts.length; i++) {
                if (writes.get(i).oneRow() && counts[i] == 0)
                    throw fail(writes.get(i).what(), new SQLException(NO_CHAT));
            }
        } catch (BatchUpdateException e) {
            SQLException reason = e.getNextException() != null ? e.getNextException() : e;
            throw fail(culprit(writes, e.getUpdateCounts()), reason);
        } catch (SQLException e) {
            throw fail(culprit(writes, null), e);
        } finally {
            if (ps != null) {
                try {
                    ps.clearBatch();
                } catch (SQLException ignored) {
                    // the statement is unusable: the next use prepares it again, or fails on its own
                }
            }
        }
    }

    /**
     * The write of a failed JDBC batch to name: the one the driver marks failed ({@link Statement#EXECUTE_FAILED})
     * or the first it has no count for, when that tells one write; else the batch's first and last.
     */
    private static String culprit(List<Queued> writes, int[] counts) {
        if (writes.size() == 1) return writes.get(0).what();
        if (counts != null) {
            int failed = -1;
            int many = 0;
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == Statement.EXECUTE_FAILED) {
                    if (failed < 0) failed = i;
                    many++;
                }
            }
            if (many == 1 && failed < writes.size()) return writes.get(failed).what();
            if (many == 0 && counts.length < writes.size())
                return writes.get(counts.length).what();
        }
        return "one of a batch of " + writes.size() + " writes ('"
                + writes.get(0).what() + "' to '"
                + writes.get(writes.size() - 1).what() + "')";
    }

    @Override
    public synchronized void update(StoredChat chat) {
        write(UPDATE_CHAT, "update chat " + chat.id(), true, ps -> {
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
        });
    }

    @Override
    public synchronized void append(StoredMessage m) {
        insert(m, null, 0, "append message " + m.seq() + " to chat " + m.chatId());
    }

    @Override
    public synchronized void appendFromClient(StoredMessage m, String clientId) {
        insert(m, clientId, 0, "append message " + m.seq() + " (client id " + clientId + ") to chat " + m.chatId());
    }

    /** The acknowledgement goes in the message's row ({@code to_user_acked}): no write of the chat's row. */
    @Override
    public synchronized void appendFromClient(StoredMessage m, String clientId, int toUserAcked) {
        insert(
                m,
                clientId,
                toUserAcked,
                "append message " + m.seq() + " (client id " + clientId + ", to_user " + toUserAcked
                        + " acknowledged) to chat " + m.chatId());
    }

    @Override
    public Set<String> clientMessageIds(String chatId) {
        return read("read the client message ids of chat " + chatId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT client_id FROM desk_messages WHERE chat_id = ? AND client_id IS NOT NULL")) {
                setText(ps, 1, chatId);
                Set<String> out = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(text(rs, 1));
                }
                return Set.copyOf(out);
            }
        });
    }

    @Override
    public synchronized void acknowledgeToUser(String chatId, int id) {
        if (queueing()) {
            acks.merge(chatId, id, Math::max);
            return;
        }
        Queued q = acknowledgement(chatId, id);
        write(ACKNOWLEDGE, q.what(), false, q.bind());
    }

    private static Queued acknowledgement(String chatId, int id) {
        return new Queued(
                "store the acknowledged to_user " + id + " of chat " + chatId,
                ps -> {
                    ps.setInt(1, id);
                    ps.setString(2, chatId);
                    ps.setInt(3, id);
                },
                false);
    }

    @Override
    public int toUserAcknowledged(String chatId) {
        return read("read the acknowledged to_user of chat " + chatId, c -> {
            // the chat's row, or a user message that carried a later acknowledgement
            try (PreparedStatement ps = c.prepareStatement("SELECT c.to_user_acked, (SELECT MAX(m.to_user_acked) FROM"
                    + " desk_messages m WHERE m.chat_id = c.id) FROM desk_chats c WHERE c.id = ?")) {
                ps.setString(1, chatId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Math.max(rs.getInt(1), rs.getInt(2)) : 0;
                }
            }
        });
    }

    @Override
    public synchronized void setResumeHash(String chatId, String hash) {
        write(SET_RESUME_HASH, "store the resume token hash of chat " + chatId, true, ps -> {
            ps.setString(1, hash);
            setText(ps, 2, chatId);
        });
    }

    @Override
    public Optional<String> resumeHash(String chatId) {
        return read("read the resume token hash of chat " + chatId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT resume_hash FROM desk_chats WHERE id = ?")) {
                setText(ps, 1, chatId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public synchronized java.util.concurrent.CompletableFuture<Rated> rate(
            String chatId, int rating, String comment, Instant at) {
        sendQueued(); // it reads on the write connection
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

    /**
     * One message ({@code clientId}: the client's id for a user message, or {@code null}): executed now outside a
     * batch, else deferred with the other inserts. {@code toUserAcked}: the chat's acknowledged {@code to_user} the
     * row carries, 0 for none (stored as NULL).
     */
    private void insert(StoredMessage m, String clientId, int toUserAcked, String what) {
        Binder bind = ps -> {
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
            if (toUserAcked > 0) ps.setInt(14, toUserAcked);
            else ps.setNull(14, java.sql.Types.INTEGER);
        };
        if (queueing()) inserts.add(new Queued(what, bind, false));
        else write(INSERT_MESSAGE, what, false, bind);
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
            sendQueued();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            dropQueued();
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

    /** One transaction of its own outside a batch: the old history's delete, then the new rows. */
    @Override
    public synchronized void replaceHistory(String chatId, List<StoredMessage> history) {
        String what = "replace the bot history of chat " + chatId;
        batch(() -> {
            sendQueued(); // the delete comes after every insert queued before it
            write(DELETE_HISTORY, what, false, ps -> setText(ps, 1, chatId));
            for (StoredMessage m : history) insert(m, null, 0, what + " (message " + m.seq() + ")");
        });
    }

    @Override
    public List<StoredMessage> messages(String chatId) {
        return read("read the messages of chat " + chatId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
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
            }
        });
    }

    /** A stored translation: none when no column is set (the rows before V4 have a text at most). */
    private static StoredTranslation translation(String text, String language, String engine, String error) {
        if (text == null && language == null && engine == null && error == null) return null;
        return new StoredTranslation(text, language, engine, error);
    }

    @Override
    public synchronized void updateMessage(StoredMessage m) {
        sendQueued(); // after the insert of the message, if it is queued
        write(UPDATE_MESSAGE, "update message " + m.seq() + " of chat " + m.chatId(), false, ps -> {
            StoredTranslation t = m.translation();
            setText(ps, 1, m.language());
            setText(ps, 2, t == null ? null : t.text());
            setText(ps, 3, t == null ? null : t.language());
            setText(ps, 4, t == null ? null : t.engine());
            setText(ps, 5, t == null ? null : t.error());
            setText(ps, 6, m.chatId());
            ps.setInt(7, m.seq());
            ps.setBoolean(8, m.history());
        });
    }

    @Override
    public synchronized void saveTranslation(StoredMessage m) {
        sendQueued(); // after the insert of the message, if it is queued
        write(SAVE_TRANSLATION, "store the translation of message " + m.seq() + " of chat " + m.chatId(), false, ps -> {
            StoredTranslation t = m.translation();
            setText(ps, 1, t == null ? null : t.text());
            setText(ps, 2, t == null ? null : t.language());
            setText(ps, 3, t == null ? null : t.engine());
            setText(ps, 4, t == null ? null : t.error());
            setText(ps, 5, m.chatId());
            ps.setInt(6, m.seq());
            ps.setBoolean(7, m.history());
            setText(ps, 8, m.language());
        });
    }

    @Override
    public Optional<StoredChat> chat(String chatId) {
        List<StoredChat> found =
                chats("SELECT " + CHAT_COLUMNS + CHAT_FROM + " WHERE c.id = ?", "read chat " + chatId, chatId);
        return found.stream().findFirst();
    }

    @Override
    public List<StoredChat> openChats() {
        return chats(
                "SELECT " + CHAT_COLUMNS + CHAT_FROM + " WHERE c.status <> 'archived' ORDER BY c.created_at, c.id",
                "read the open chats");
    }

    @Override
    public List<StoredChat> archived(int offset, int limit) {
        return chats(
                "SELECT " + CHAT_COLUMNS + CHAT_FROM + " WHERE c.status = 'archived' " + newestFirst(offset, limit),
                "list archived chats");
    }

    @Override
    public List<StoredChat> archivedIn(Set<String> departments, int offset, int limit) {
        if (departments.isEmpty()) return List.of();
        String marks = String.join(", ", Collections.nCopies(departments.size(), "?"));
        return chats(
                "SELECT " + CHAT_COLUMNS + CHAT_FROM + " WHERE c.status = 'archived' AND c.department IN (" + marks
                        + ") " + newestFirst(offset, limit),
                "list archived chats of " + departments.size() + " department(s)",
                departments.stream().sorted().toArray(String[]::new));
    }

    @Override
    public List<StoredChat> searchArchive(Set<String> departments, String text, int offset, int limit) {
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
        return read(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
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
            }
        });
    }

    @Override
    public synchronized void assignmentStarted(String chatId, String agent, Instant at) {
        write(ASSIGNMENT_STARTED, "record the assignment of chat " + chatId + " to " + agent, false, ps -> {
            setText(ps, 1, chatId);
            setText(ps, 2, agent);
            ps.setLong(3, at.toEpochMilli());
        });
    }

    @Override
    public synchronized void assignmentEnded(String chatId, String agent, Instant at, String reason) {
        write(ASSIGNMENT_ENDED, "end the assignment of chat " + chatId + " to " + agent, false, ps -> {
            ps.setLong(1, at.toEpochMilli());
            setText(ps, 2, reason);
            setText(ps, 3, chatId);
            setText(ps, 4, agent);
        });
    }

    @Override
    public List<String> assignments(String chatId) {
        return read("read the assignments of chat " + chatId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT agent, end_reason FROM desk_assignments WHERE chat_id = ? ORDER BY id")) {
                setText(ps, 1, chatId);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(text(rs, 1) + ":" + (text(rs, 2) == null ? "open" : text(rs, 2)));
                }
                return List.copyOf(out);
            }
        });
    }

    /** A read on a connection of the pool, taken for the read and given back after it. */
    private interface Read<T> {
        T on(Connection c) throws SQLException;
    }

    private <T> T read(String what, Read<T> body) {
        Connection c;
        try {
            c = reads.getConnection();
        } catch (SQLException e) {
            if (reads.isClosed())
                throw new StoreException(
                        StoreException.Problem.CLOSED, "database " + url + ": closed: cannot " + what, e);
            if (e instanceof SQLTransientConnectionException)
                throw new StoreException(
                        StoreException.Problem.READS_BUSY,
                        "database " + url + ": " + what + ": no read connection was free within " + READ_WAIT_MS
                                + " ms (" + reads.getMaximumPoolSize() + " at most, dbReadConnections): "
                                + firstLine(e.getMessage()),
                        e);
            throw new StoreException(
                    StoreException.Problem.READ_FAILED,
                    "database " + url + ": " + what + ": cannot get a read connection: " + firstLine(e.getMessage()),
                    e);
        }
        try (c) {
            return body.on(c);
        } catch (SQLException e) {
            throw new StoreException(
                    StoreException.Problem.READ_FAILED, "database " + url + ": " + what + ": " + e.getMessage(), e);
        }
    }

    /** Closes the write connection (after the write under way, if any), then the read connections. */
    @Override
    public void close() {
        synchronized (this) {
            for (PreparedStatement ps : statements.values()) {
                try {
                    ps.close();
                } catch (SQLException e) {
                    log.debug("database {}: closing a statement failed: {}", url, e.getMessage());
                }
            }
            statements.clear();
            try {
                connection.close();
            } catch (SQLException e) {
                log.warn("database {}: close failed: {}", url, e.getMessage());
            }
        }
        reads.close();
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

    /** A failed write: {@code store-closed} once the write connection is closed, else {@code store-write-failed}. */
    private StoreException fail(String what, SQLException e) {
        boolean closed;
        try {
            closed = connection.isClosed();
        } catch (SQLException notKnown) {
            closed = false;
        }
        if (closed)
            return new StoreException(StoreException.Problem.CLOSED, "database " + url + ": closed: cannot " + what, e);
        return new StoreException(
                StoreException.Problem.WRITE_FAILED, "database " + url + ": " + what + ": " + e.getMessage(), e);
    }
}
