package dev.handoff.desk.api;

/**
 * An event the desk sends to an agent on {@code /agents}: each knows its Socket.IO event name
 * ({@link AgentEvents}) and the record the agent receives as the event's JSON argument. Events that
 * share a payload shape ({@code signed_in} and {@code status}, {@code assigned} and {@code chat},
 * {@code unassigned} and {@code chat_archived}) are distinct events here.
 */
public sealed interface AgentEvent {
    /** The Socket.IO event name, one of the desk → agent names of {@link AgentEvents}. */
    String event();

    /** The event's argument: one of the records of this package, serialized as it is. */
    Object payload();

    /** {@code signed_in}: the connection is accepted. */
    record SignedIn(AgentView agent) implements AgentEvent {
        @Override
        public String event() {
            return AgentEvents.SIGNED_IN;
        }

        @Override
        public Object payload() {
            return agent;
        }
    }

    /** {@code desk_info}: the desk's departments, agents and quick replies, after {@code signed_in}. */
    record Info(DeskInfo info) implements AgentEvent {
        @Override
        public String event() {
            return AgentEvents.DESK_INFO;
        }

        @Override
        public Object payload() {
            return info;
        }
    }

    /** {@code status}: the agent's status or language changed. */
    record StatusChanged(AgentView agent) implements AgentEvent {
        @Override
        public String event() {
            return AgentEvents.STATUS;
        }

        @Override
        public Object payload() {
            return agent;
        }
    }

    /** {@code queue}: the waiting chats of the agent's departments and its own chats. */
    record Queue(QueueSnapshot queue) implements AgentEvent {
        @Override
        public String event() {
            return AgentEvents.QUEUE;
        }

        @Override
        public Object payload() {
            return queue;
        }
    }

    /** {@code queue_changed}: a chat joined, changed in or left a queue the agent sees. */
    record QueueChanged(QueueChange change) implements AgentEvent {
        @Override
        public String event() {
            return AgentEvents.QUEUE_CHANGED;
        }

        @Override
        public Object payload() {
            return change;
        }
    }

    /** {@code chat_sync}: one of the agent's chats with all its messages, after a (re)connect. */
    record ChatSync(ChatView chat) implements AgentEvent {
        @Override
        public String event() {
            return AgentEvents.CHAT_SYNC;
        }

        @Override
        public Object payload() {
            return chat;
        }
    }

    /** {@code assigned}: a chat is now the agent's, with all its messages. */
    record Assigned(ChatView chat) implements AgentEvent {
        @Override
        public String event() {
            return AgentEvents.ASSIGNED;
        }

        @Override
        public Object payload() {
            return chat;
        }
    }

    /** {@code chat}: a chat with its messages (asked for, or its bot history arrived). */
    record ChatShown(ChatView chat) implements AgentEvent {
        @Override
        public String event() {
            return AgentEvents.CHAT;
        }

        @Override
        public Object payload() {
            return chat;
        }
    }

    /** {@code unassigned}: a chat is no longer the agent's (transferred, or the agent was offline). */
    record Unassigned(ChatClosed closed) implements AgentEvent {
        @Override
        public String event() {
            return AgentEvents.UNASSIGNED;
        }

        @Override
        public Object payload() {
            return closed;
        }
    }

    /** {@code chat_archived}: one of the agent's chats was archived. */
    record ChatArchived(ChatClosed closed) implements AgentEvent {
        @Override
        public String event() {
            return AgentEvents.CHAT_ARCHIVED;
        }

        @Override
        public Object payload() {
            return closed;
        }
    }

    /** {@code message}: a new message in one of the agent's chats. */
    record Message(MessageView message) implements AgentEvent {
        @Override
        public String event() {
            return AgentEvents.MESSAGE;
        }

        @Override
        public Object payload() {
            return message;
        }
    }

    /** {@code message_updated}: a message of one of the agent's chats has a new translation (late, or retried). */
    record MessageUpdated(MessageView message) implements AgentEvent {
        @Override
        public String event() {
            return AgentEvents.MESSAGE_UPDATED;
        }

        @Override
        public Object payload() {
            return message;
        }
    }

    /** {@code sla_reminder}: the agent has not answered a newly assigned chat in time. */
    record SlaDue(SlaReminder reminder) implements AgentEvent {
        @Override
        public String event() {
            return AgentEvents.SLA_REMINDER;
        }

        @Override
        public Object payload() {
            return reminder;
        }
    }

    /** {@code archive}: a page of archived chats. */
    record Archive(ArchivePage page) implements AgentEvent {
        @Override
        public String event() {
            return AgentEvents.ARCHIVE;
        }

        @Override
        public Object payload() {
            return page;
        }
    }

    /** {@code desk_error}: a request was refused. */
    record Refused(DeskError error) implements AgentEvent {
        @Override
        public String event() {
            return AgentEvents.ERROR;
        }

        @Override
        public Object payload() {
            return error;
        }
    }

    /**
     * An event decided on the cluster's leader and carried to the node that holds the agent's connection: its
     * name and its payload as the leader serialized it (already translated for the agent). Never made by the
     * desk itself.
     */
    record Forwarded(String event, Object payload) implements AgentEvent {}
}
