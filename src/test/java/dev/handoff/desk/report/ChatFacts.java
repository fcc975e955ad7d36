package dev.handoff.desk.report;

import dev.handoff.desk.store.JdbcChatStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hand-made chats with their facts, written straight into {@code desk_chats} of a database migrated by
 * the desk's own store: what the desk would have stored, without running chats through it.
 */
public final class ChatFacts implements AutoCloseable {
    private static final AtomicInteger IDS = new AtomicInteger();
    private final Connection connection;

    private ChatFacts(Connection connection) {
        this.connection = connection;
    }

    /** Migrates the database at {@code url} (the desk's schema) and opens it for writing chats. */
    public static ChatFacts at(String url) {
        JdbcChatStore.open(url, null, null).close();
        try {
            return new ChatFacts(DriverManager.getConnection(url));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A chat being written: created at {@code created} in {@code department}. */
    public Chat chat(String department, Instant created) {
        return new Chat(department, created);
    }

    public final class Chat {
        private final String department;
        private final Instant created;
        private String agent;
        private Instant assigned;
        private Instant firstReply;
        private Instant resolved;
        private Instant archived;
        private Integer rating;

        Chat(String department, Instant created) {
            this.department = department;
            this.created = created;
        }

        /** {@code agent} had it {@code after} its creation. */
        public Chat assigned(String name, Duration after) {
            agent = name;
            assigned = created.plus(after);
            return this;
        }

        public Chat firstReply(Duration after) {
            firstReply = created.plus(after);
            return this;
        }

        /** Resolved {@code after} it was assigned, and archived then. */
        public Chat resolved(Duration after) {
            resolved = assigned.plus(after);
            archived = resolved;
            return this;
        }

        public Chat archived(Duration after) {
            archived = created.plus(after);
            return this;
        }

        public Chat rated(int stars) {
            rating = stars;
            return this;
        }

        public void save() {
            String status = archived != null ? "archived" : assigned != null ? "assigned" : "queued";
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT INTO desk_chats (id, bot_id, conversation_id, department, status, agent, created_at,"
                            + " archived_at, archive_reason, assigned_at, first_agent, first_reply_at, resolved_at,"
                            + " rating) VALUES (?, 'bot', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int n = IDS.incrementAndGet();
                ps.setString(1, "chat-" + n);
                ps.setString(2, "conv-" + n);
                ps.setString(3, department);
                ps.setString(4, status);
                ps.setString(5, agent);
                ps.setLong(6, created.toEpochMilli());
                time(ps, 7, archived);
                ps.setString(8, archived == null ? null : resolved != null ? "resolved" : "user_disconnected");
                time(ps, 9, assigned);
                ps.setString(10, agent);
                time(ps, 11, firstReply);
                time(ps, 12, resolved);
                if (rating == null) ps.setNull(13, Types.SMALLINT);
                else ps.setInt(13, rating);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static void time(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) ps.setNull(i, Types.BIGINT);
        else ps.setLong(i, t.toEpochMilli());
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
