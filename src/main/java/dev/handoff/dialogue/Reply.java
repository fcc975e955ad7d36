package dev.handoff.dialogue;

import java.util.List;

/** Something for the user: from the bot, from a live agent, or a notice about the handoff. */
public sealed interface Reply permits Reply.BotText, Reply.BotButtons, Reply.AgentText, Reply.SystemNotice {

    String text();

    record BotText(String text) implements Reply {}

    /** A menu: the user answers with a number (1-based) or a label. */
    record BotButtons(String text, List<String> options) implements Reply {
        public BotButtons {
            options = List.copyOf(options);
        }
    }

    record AgentText(String text) implements Reply {}

    /**
     * A notice about the handoff. {@code progress}, when not {@code null}, says where the handoff stands in a form
     * a channel can show without reading the text (a status line: waiting at a place, or with a named agent).
     */
    record SystemNotice(String text, HandoffProgress progress) implements Reply {
        public SystemNotice(String text) {
            this(text, null);
        }
    }

    /** Where a handoff stands: waiting at {@code position} (1: next), or with {@code agent} (a name). */
    record HandoffProgress(int position, String agent) {
        public static HandoffProgress waiting(int position) {
            return new HandoffProgress(position, null);
        }

        public static HandoffProgress joined(String agent) {
            return new HandoffProgress(0, java.util.Objects.requireNonNull(agent, "agent"));
        }

        public boolean waiting() {
            return agent == null;
        }
    }
}
