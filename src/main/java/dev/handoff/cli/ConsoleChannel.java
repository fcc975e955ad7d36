package dev.handoff.cli;

import dev.handoff.dialogue.Reply;
import dev.handoff.dialogue.UserChannel;
import java.io.PrintStream;

/**
 * The terminal channel: one line per message for the user, {@code bot: }, {@code agent: } or
 * {@code system: } first; a menu's options follow as {@code   1) LABEL} lines.
 */
public final class ConsoleChannel implements UserChannel {
    private final PrintStream out;

    public ConsoleChannel(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void deliver(String conversationId, Reply reply) {
        if (reply instanceof Reply.BotButtons b) {
            line("bot: " + b.text());
            for (int i = 0; i < b.options().size(); i++) {
                line("  " + (i + 1) + ") " + b.options().get(i));
            }
        } else if (reply instanceof Reply.AgentText) {
            line("agent: " + reply.text());
        } else if (reply instanceof Reply.SystemNotice) {
            line("system: " + reply.text());
        } else {
            line("bot: " + reply.text());
        }
        out.flush();
    }

    private void line(String text) {
        out.println(text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' '));
    }
}
