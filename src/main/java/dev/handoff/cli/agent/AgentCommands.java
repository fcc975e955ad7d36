package dev.handoff.cli.agent;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.api.Requests;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Reads one line the agent typed into a {@link Command}. Pure: no socket, no state; what depends on
 * the terminal's state (the numbered list, the current chat) is resolved by {@link AgentScreen}.
 */
final class AgentCommands {
    static final String HELP = String.join(
            "\n",
            "commands:",
            "  /queue                 the waiting chats of your departments and your chats",
            "  /take N|ID             take waiting chat N (from the last list) or by id",
            "  /chats                 your chats",
            "  /switch N|ID           make one of your chats the current one",
            "  /read N|ID             show a chat and its messages",
            "  /resolve               resolve the current chat (the bot gets disconnect_socket)",
            "  /transfer DEPT|@AGENT  hand the current chat to a department's queue or an agent",
            "  /subject TEXT          set the current chat's subject",
            "  /status online|away    your status",
            "  /lang CODE             your preferred language (messages in others are shown translated)",
            "  /chatlang CODE         correct the user's language of the current chat",
            "  /original N            the original of message N of the current chat (hN: of its history)",
            "  /retry N               translate message N of the current chat again",
            "  /archive               list archived chats",
            "  /archived N|ID         read an archived chat",
            "  /quit                  sign out",
            "  anything else          a reply to the current chat");

    static final String WHICH_CHAT = "which chat? give its number from the last list or its id";
    static final String WHICH_MESSAGE =
            "which message? give its number as shown (#3), or h3 for message 3 of the history before the handoff";
    static final String TRANSFER_USAGE = "usage: /transfer DEPARTMENT or /transfer @AGENT";
    static final int ARCHIVE_PAGE = 20;

    private AgentCommands() {}

    /** What one line asks for. */
    sealed interface Command {
        /** Print {@code text}; nothing goes to the desk (help, bad input). */
        record Print(String text) implements Command {}

        /** Send {@code request} as it is. */
        record Send(DeskRequest request) implements Command {}

        /** Send {@code event} with the {@link Requests.ChatRef} of the chosen chat. */
        record OnChat(String event, ChatChoice chat) implements Command {}

        /** Make the chosen chat the current one. */
        record Switch(ChatChoice chat) implements Command {}

        /** List my chats, numbered. */
        record ListChats() implements Command {}

        /** Send {@code text} to the user of the current chat. */
        record Reply(String text) implements Command {}

        /** Resolve the current chat. */
        record Resolve() implements Command {}

        /**
         * Hand the current chat to {@code agent} or to {@code department}: at most one is set; with
         * neither, the agent gets {@link #TRANSFER_USAGE} (once there is a current chat).
         */
        record Transfer(String agent, String department) implements Command {}

        /** Set the current chat's subject. */
        record Subject(String text) implements Command {}

        /** Print the original of a message of the current chat, as last shown. */
        record Original(MessageNumber message) implements Command {}

        /** Ask for a message of the current chat to be translated again. */
        record Retry(MessageNumber message) implements Command {}

        /** Correct the user's language of the current chat. */
        record ChatLanguage(String language) implements Command {}

        /** Sign out. */
        record Quit() implements Command {}
    }

    /** A chat named by its number in the last list, or by its id. */
    sealed interface ChatChoice {
        /** Any number of digits: never overflows, printed as typed without leading zeros. */
        record Numbered(BigInteger n) implements ChatChoice {}

        record ById(String chatId) implements ChatChoice {}
    }

    /** A message by its number as shown: {@code 3} live, {@code h3} of the bot history. */
    record MessageNumber(int seq, boolean history) {
        static Optional<MessageNumber> parse(String arg) {
            String a = arg.startsWith("#") ? arg.substring(1) : arg;
            boolean history = a.startsWith("h");
            String digits = history ? a.substring(1) : a;
            if (!digits.matches("\\d{1,9}")) return Optional.empty();
            return Optional.of(new MessageNumber(Integer.parseInt(digits), history));
        }

        @Override
        public String toString() {
            return (history ? "h" : "#") + seq;
        }
    }

    /** The command on {@code line}; empty for a blank line. */
    static Optional<Command> parse(String line) {
        String text = line.strip();
        if (text.isEmpty()) return Optional.empty();
        return Optional.of(command(text));
    }

    private static Command command(String line) {
        if (!line.startsWith("/")) return new Command.Reply(line);
        if (line.equals("/quit")) return new Command.Quit();
        String[] parts = line.split("\\s+", 2);
        String arg = parts.length > 1 ? parts[1].strip() : "";
        return switch (parts[0]) {
            case "/help" -> new Command.Print(HELP);
            case "/queue" -> new Command.Send(new DeskRequest(AgentEvents.GET_QUEUE, null));
            case "/take" -> onChat(AgentEvents.TAKE, arg);
            case "/chats" -> new Command.ListChats();
            case "/switch" -> choice(arg).<Command>map(Command.Switch::new).orElse(new Command.Print(WHICH_CHAT));
            case "/read" -> onChat(AgentEvents.GET_CHAT, arg);
            case "/resolve" -> new Command.Resolve();
            case "/transfer" -> arg.isEmpty()
                    ? new Command.Transfer(null, null)
                    : arg.startsWith("@")
                            ? new Command.Transfer(arg.substring(1), null)
                            : new Command.Transfer(null, arg);
            case "/subject" -> new Command.Subject(arg);
            case "/status" -> new Command.Send(new DeskRequest(AgentEvents.SET_STATUS, new Requests.Status(arg)));
            case "/lang" -> new Command.Send(new DeskRequest(AgentEvents.SET_LANGUAGE, new Requests.Language(arg)));
            case "/archive" -> new Command.Send(
                    new DeskRequest(AgentEvents.LIST_ARCHIVE, new Requests.Page(0, ARCHIVE_PAGE)));
            case "/archived" -> onChat(AgentEvents.GET_ARCHIVED, arg);
            case "/chatlang" -> arg.isEmpty()
                    ? new Command.Print("usage: /chatlang CODE (e.g. /chatlang zu)")
                    : new Command.ChatLanguage(arg);
            case "/original" -> MessageNumber.parse(arg)
                    .<Command>map(Command.Original::new)
                    .orElse(new Command.Print(WHICH_MESSAGE));
            case "/retry" -> MessageNumber.parse(arg)
                    .<Command>map(Command.Retry::new)
                    .orElse(new Command.Print(WHICH_MESSAGE));
            default -> new Command.Print("unknown command " + parts[0] + "; /help lists the commands");
        };
    }

    private static Command onChat(String event, String arg) {
        return choice(arg).<Command>map(chat -> new Command.OnChat(event, chat)).orElse(new Command.Print(WHICH_CHAT));
    }

    private static Optional<ChatChoice> choice(String arg) {
        if (arg.isEmpty()) return Optional.empty();
        if (arg.matches("\\d+")) return Optional.of(new ChatChoice.Numbered(new BigInteger(arg)));
        return Optional.of(new ChatChoice.ById(arg));
    }
}
