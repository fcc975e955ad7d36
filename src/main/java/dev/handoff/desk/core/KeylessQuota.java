package dev.handoff.desk.core;

/**
 * New chats of bots without a key, per address ({@code security.limits.keylessChatsPerMinute}): asked only when
 * a chat is about to be made, under the desk's lock, so a resumed chat costs nothing. Must not block.
 */
public interface KeylessQuota {
    /** Takes one new chat for {@code address}, or refuses it with a {@link DeskException} ({@code over_capacity}). */
    void admit(String address);
}
