package dev.handoff.desk.cluster;

import dev.handoff.desk.store.StoreException;

/**
 * A write refused by the {@link Fence}: the node led the desk as {@link #epoch()}, but another node has been elected
 * since ({@link #current()}). The transaction must roll back and the node step down.
 */
public final class FencedException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final long epoch;
    private final long current;

    public FencedException(long epoch, long current) {
        super(
                "[fenced] this node led the desk as epoch " + epoch + ", but the desk is at epoch " + current
                        + " now: another node leads, so this write is refused (roll back and step down)",
                null);
        this.epoch = epoch;
        this.current = current;
    }

    /** The epoch the refused writer led as. */
    public long epoch() {
        return epoch;
    }

    /** The desk's epoch when the write was refused ({@code -1}: the leader row is missing). */
    public long current() {
        return current;
    }
}
