package dev.handoff.desk.core;

import dev.handoff.desk.config.DeskConfig;
import java.time.Duration;
import java.time.Instant;

/**
 * When the desk's timers fire, from {@code desk.yaml}: a chat with no message for {@code idleArchive}
 * is archived; a user gone for {@code disconnectGrace} has its chat archived; an agent offline for
 * {@code disconnectGrace} has its chats queued again; a waiting user gets a queue auto-reply every
 * {@code autoReply.every}; an agent who has not answered a new chat within {@code sla} gets one
 * reminder. The rules only decide; {@link HelpDesk#tick()} acts, under the desk's lock.
 */
final class TimerRules {
    private final DeskConfig config;

    TimerRules(DeskConfig config) {
        this.config = config;
    }

    Instant nextAutoReply(Instant now) {
        return now.plus(config.autoReply().every());
    }

    Instant slaDue(Instant now) {
        return now.plus(config.sla());
    }

    /** A user who disconnects is archived at once, without waiting for a tick. */
    boolean archiveWhenUserLeaves() {
        return config.disconnectGrace().isZero();
    }

    boolean agentGoneTooLong(AgentState a, Instant now) {
        return a.load > 0
                && a.offlineSince != null
                && !a.offlineSince.plus(config.disconnectGrace()).isAfter(now);
    }

    boolean idle(Chat chat, Instant now) {
        return !chat.lastActivityAt().plus(config.idleArchive()).isAfter(now);
    }

    boolean userGoneTooLong(Chat chat, Instant now) {
        return !chat.userConnected()
                && chat.userGoneAt() != null
                && !chat.userGoneAt().plus(config.disconnectGrace()).isAfter(now);
    }

    boolean autoReplyDue(Chat chat, Instant now) {
        return chat.status() == ChatStatus.QUEUED
                && config.autoReply().enabled()
                && chat.userConnected()
                && !chat.nextAutoReplyAt().isAfter(now);
    }

    boolean slaMissed(Chat chat, Instant now) {
        return chat.status() == ChatStatus.ASSIGNED
                && !chat.isAnswered()
                && !chat.isReminded()
                && chat.slaDueAt() != null
                && !chat.slaDueAt().isAfter(now);
    }

    String autoReplyText(Chat chat) {
        return config.autoReply().textFor(chat.language());
    }

    Duration sla() {
        return config.sla();
    }

    Duration disconnectGrace() {
        return config.disconnectGrace();
    }
}
