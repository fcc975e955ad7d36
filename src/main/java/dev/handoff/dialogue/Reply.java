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

    record SystemNotice(String text) implements Reply {}
}
