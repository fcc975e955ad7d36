package dev.handoff.desk.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** The {@link ChatFacts} columns of {@code desk_chats} (migration V5), in one order for every statement. */
final class ChatFactColumns {
    private ChatFactColumns() {}

    static final String NAMES =
            "assigned_at, first_agent, first_reply_at, resolved_at, transfers, user_messages, agent_messages";
    static final String SELECTED = "c.assigned_at, c.first_agent, c.first_reply_at, c.resolved_at, c.transfers, "
            + "c.user_messages, c.agent_messages";
    static final String MARKS = "?, ?, ?, ?, ?, ?, ?";
    static final String ASSIGNED = "assigned_at = ?, first_agent = ?, first_reply_at = ?, resolved_at = ?, "
            + "transfers = ?, user_messages = ?, agent_messages = ?";

    /** Sets the facts from parameter {@code index} on; returns the next parameter's index. */
    static int set(PreparedStatement ps, int index, ChatFacts f) throws SQLException {
        instant(ps, index, f.assignedAt());
        ps.setString(index + 1, StoredText.encode(f.firstAgent()));
        instant(ps, index + 2, f.firstReplyAt());
        instant(ps, index + 3, f.resolvedAt());
        ps.setInt(index + 4, f.transfers());
        ps.setInt(index + 5, f.userMessages());
        ps.setInt(index + 6, f.agentMessages());
        return index + 7;
    }

    /** The facts from column {@code index} on, as {@link #SELECTED} lists them. */
    static ChatFacts read(ResultSet rs, int index) throws SQLException {
        Instant assignedAt = instant(rs, index);
        String firstAgent = StoredText.decode(rs.getString(index + 1));
        return new ChatFacts(
                firstAgent == null ? null : assignedAt,
                assignedAt == null ? null : firstAgent,
                instant(rs, index + 2),
                instant(rs, index + 3),
                rs.getInt(index + 4),
                rs.getInt(index + 5),
                rs.getInt(index + 6));
    }

    private static void instant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) ps.setNull(index, Types.BIGINT);
        else ps.setLong(index, value.toEpochMilli());
    }

    private static Instant instant(ResultSet rs, int index) throws SQLException {
        long v = rs.getLong(index);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }
}
