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

    /**
     * The first moment one of the chat's timers can fire, given its state now: its idle archiving, its user's
     * disconnect grace, its queue auto-reply, its SLA reminder. A message only moves it later, so the desk looks at a
     * chat at this moment, and again at the next one ({@link OpenChats#takeDue}) instead of at every chat every tick.
     */
    Instant nextDue(Chat chat) {
        Instant due = chat.lastActivityAt().plus(config.idleArchive());
        if (!chat.userConnected() && chat.userGoneAt() != null)
            due = earlier(due, chat.userGoneAt().plus(config.disconnectGrace()));
        if (chat.status() == ChatStatus.QUEUED && config.autoReply().enabled() && chat.userConnected())
            due = earlier(due, chat.nextAutoReplyAt());
        if (chat.status() == ChatStatus.ASSIGNED && !chat.isAnswered() && !chat.isReminded() && chat.slaDueAt() != null)
            due = earlier(due, chat.slaDueAt());
        return due;
    }

    private static Instant earlier(Instant a, Instant b) {
        return b.isBefore(a) ? b : a;
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
