package dev.handoff.desk.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Fencing for the leader's writes: {@link #check} runs first in each write transaction of the leader and refuses
 * it when the desk's epoch ({@code desk_leader.epoch}) is no longer the one this node was elected with. The check
 * reads the row {@code FOR SHARE}, so it and an election (which updates the row) never overlap: either the write
 * commits before the new leader's epoch is set, or it sees the new epoch and is refused. Two nodes that both believe
 * they lead can never both write. PostgreSQL only.
 */
public final class Fence {
    static final String CHECK = "SELECT epoch FROM desk_leader WHERE id = 1 FOR SHARE";

    private Fence() {}

    /**
     * Passes when the desk is still at {@code epoch}; else throws {@link FencedException}. {@code connection} must be
     * in a transaction (auto-commit off): the share lock holds until it commits or rolls back.
     *
     * @throws IllegalStateException when called outside a transaction (the check would protect nothing)
     */
    public static void check(Connection connection, long epoch) throws SQLException {
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("Fence.check must run inside the write's transaction (auto-commit is on)");
        }
        try (PreparedStatement s = connection.prepareStatement(CHECK);
                ResultSet rs = s.executeQuery()) {
            long current = rs.next() ? rs.getLong(1) : -1;
            if (current != epoch) throw new FencedException(epoch, current);
        }
    }
}
