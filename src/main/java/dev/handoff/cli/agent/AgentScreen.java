package dev.handoff.cli.agent;

import dev.handoff.cli.agent.AgentCommands.ChatChoice;
import dev.handoff.cli.agent.AgentCommands.Command;
import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.api.AgentView;
import dev.handoff.desk.api.ArchivePage;
import dev.handoff.desk.api.ChatClosed;
import dev.handoff.desk.api.ChatSummary;
import dev.handoff.desk.api.ChatView;
import dev.handoff.desk.api.DeskError;
import dev.handoff.desk.api.MessageView;
import dev.handoff.desk.api.QueueChange;
import dev.handoff.desk.api.QueueSnapshot;
import dev.handoff.desk.api.Requests;
import dev.handoff.desk.api.SlaReminder;
import dev.handoff.desk.api.TranslationView;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the agent sees: the desk's events as lines, and the state the commands refer to (the waiting
 * chats, my chats, the last numbered list, the current chat).
 *
 * <p>Threading: one thread, the screen thread ({@link AgentTerminal} runs a single-threaded executor
 * for it). Every method except {@link #signIn()} must be called on it: the connection delivers the
 * desk's events there and the terminal applies typed commands there, so events and commands never
 * interleave and the lines come out in the order they happened. Nothing here locks.
 *
 * <p>Every line goes out through {@link #print}, which makes control characters {@link Visible}: a
 * message can neither run an escape sequence nor print a line that looks like the desk's.
 *
 * <p>Each live message is shown once: {@code shown} keeps, per chat, the highest {@code seq} printed,
 * so a message the desk sends again after a reconnect ({@code chat_sync}, a repeated {@code message}) is
 * not printed twice; {@code /read} ({@code chat}) still prints every message.
 */
final class AgentScreen implements AgentConnection.Listener {
    /** How signing in ended. */
    enum SignIn {
        SIGNED_IN,
        REFUSED
    }

    // set at construction; out is written on the screen thread only
    private final String name;
    private final PrintStream out;
    /** Completed on the screen thread by the first {@code signed_in} or refusal; read on any thread. */
    private final CompletableFuture<SignIn> signIn = new CompletableFuture<>();
    /** What the desk said when it refused the sign-in for a reason other than the token; screen thread. */
    private String refusal;

    // screen thread
    private final Map<String, ChatSummary> waiting = new LinkedHashMap<>();
    private final Map<String, ChatSummary> mine = new LinkedHashMap<>();
    /** The chat ids of the last numbered list, {@code [1]} first. */
    private final List<String> listed = new ArrayList<>();
    /** The chat plain text replies to, or {@code null}. */
    private String current;
    /** Per chat, the highest live message {@code seq} printed. */
    private final Map<String, Integer> shown = new HashMap<>();
    /** Per chat, the messages printed, by number ({@code #3}, {@code h3}): what {@code /original} prints. */
    private final Map<String, Map<String, MessageView>> printed = new HashMap<>();

    /** {@code name} is the agent's name as typed: the desk may say the token is someone else's. */
    AgentScreen(String name, PrintStream out) {
        this.name = name;
        this.out = out;
    }

    /** Completes when the desk signs the agent in or refuses the token; any thread. */
    CompletableFuture<SignIn> signIn() {
        return signIn;
    }

    // --- the desk's events

    @Override
    public void signedIn(AgentView agent) {
        String signedInAs = text(agent.name());
        if (!signedInAs.equals(name)) print("note: this token belongs to " + signedInAs + ", not " + name);
        print("signed in as " + signedInAs + " (" + text(agent.status()) + ", departments: "
                + (agent.departments().isEmpty() ? "all" : String.join(", ", agent.departments()))
                + ", up to " + agent.maxChats() + " chats). /help for commands.");
        signIn.complete(SignIn.SIGNED_IN);
    }

    @Override
    public void status(AgentView agent) {
        print("you are " + text(agent.status()) + ", language " + text(agent.language()));
    }

    @Override
    public void queue(QueueSnapshot queue) {
        waiting.clear();
        mine.clear();
        for (ChatSummary c : queue.waiting()) waiting.put(text(c.chatId()), c);
        for (ChatSummary c : queue.mine()) mine.put(text(c.chatId()), c);
        listed.clear();
        print(waiting.isEmpty() ? "queue: no chat waiting" : "queue:");
        for (ChatSummary c : waiting.values()) {
            listed.add(text(c.chatId()));
            print("  [" + listed.size() + "] " + describe(c) + ", waiting since " + text(c.queuedAt()));
        }
        if (!mine.isEmpty()) {
            print("your chats:");
            for (ChatSummary c : mine.values()) print("  " + describe(c) + currentMark(c));
        }
    }

    @Override
    public void queueChanged(QueueChange change) {
        ChatSummary chat = change.chat();
        String id = text(chat.chatId());
        switch (text(change.change())) {
            case "added" -> {
                waiting.put(id, chat);
                print("+ waiting: " + describe(chat));
            }
            case "removed" -> waiting.remove(id);
            default -> {
                if (waiting.containsKey(id)) waiting.put(id, chat);
                ChatSummary before = mine.get(id);
                if (before != null) {
                    mine.put(id, chat);
                    if (before.userConnected() && !chat.userConnected())
                        print("chat " + id + ": the user left; messages wait for them");
                    else if (!before.userConnected() && chat.userConnected())
                        print("chat " + id + ": the user is back");
                }
            }
        }
    }

    @Override
    public void assigned(ChatView view) {
        String id = text(view.chat().chatId());
        waiting.remove(id);
        mine.put(id, view.chat());
        if (current == null) current = id;
        print("assigned to you: " + describe(view.chat())
                + (id.equals(current) ? "  [current]" : "  (/switch " + id + ")"));
        printMessages(view.messages());
    }

    @Override
    public void unassigned(ChatClosed closed) {
        dropChat(text(closed.chatId()), "no longer yours (" + text(closed.reason()) + ")");
    }

    @Override
    public void chatArchived(ChatClosed closed) {
        dropChat(text(closed.chatId()), "archived (" + text(closed.reason()) + ")");
    }

    @Override
    public void chat(ChatView view) {
        print(describe(view.chat()));
        printMessages(view.messages());
    }

    @Override
    public void chatSync(ChatView view) {
        String id = text(view.chat().chatId());
        boolean known = mine.containsKey(id) || shown.containsKey(id);
        mine.put(id, view.chat());
        if (current == null) current = id;
        List<MessageView> unseen = view.messages().stream()
                .filter(m -> m.history() ? !known : m.seq() > shown.getOrDefault(id, 0))
                .toList();
        if (known && unseen.isEmpty()) return;
        print((known ? "while you were away, chat " : "your chat: ") + describe(view.chat()));
        printMessages(unseen);
    }

    @Override
    public void message(MessageView message) {
        String id = text(message.chatId());
        if (!message.history() && !firstTime(id, message.seq())) return;
        remember(message);
        if ("agent".equals(message.sender()) && name.equals(message.author())) {
            // the agent typed it; what matters is what the user got, when that is not what was typed
            if (message.translation() != null) print("[" + id + "] " + sentTo(message));
            return;
        }
        print("[" + id + "] " + line(message));
    }

    @Override
    public void messageUpdated(MessageView message) {
        remember(message);
        print("[" + text(message.chatId()) + "] (translated again) " + line(message));
    }

    /**
     * A message as one line: {@code #3 nomsa [zu→en, apertium]: Good morning} when translated (the number is
     * for {@code /original} and {@code /retry}), {@code #3 nomsa [not translated: timeout]: Sawubona} when that
     * failed, {@code nomsa: text} when no translation is needed; an agent's message says what the user got.
     */
    private static String line(MessageView m) {
        TranslationView t = m.translation();
        if (t == null) return who(m) + ": " + text(m.text());
        if ("agent".equals(m.sender())) return who(m) + ": " + text(m.text()) + "  " + sentTo(m);
        String number = number(m) + " ";
        if (t.error() != null || t.text() == null)
            return number + who(m) + " [not translated: " + text(t.error()) + "]: " + text(m.text());
        return number + who(m) + " [" + text(m.language()) + "→" + text(t.language()) + ", " + text(t.engine()) + "]: "
                + text(t.text());
    }

    /** What the user got for an agent's message. */
    private static String sentTo(MessageView m) {
        TranslationView t = m.translation();
        if (t.error() != null || t.text() == null)
            return "(not translated: sent as written (" + text(t.error()) + "); send it again to try again)";
        return "(the user got [" + text(m.language()) + "→" + text(t.language()) + ", " + text(t.engine()) + "]: "
                + text(t.text()) + ")";
    }

    private static String number(MessageView m) {
        return (m.history() ? "h" : "#") + m.seq();
    }

    private void remember(MessageView m) {
        printed.computeIfAbsent(text(m.chatId()), k -> new HashMap<>()).put(number(m), m);
    }

    /** Whether the live message {@code seq} of the chat is printed now for the first time (and notes it). */
    private boolean firstTime(String chatId, int seq) {
        int last = shown.getOrDefault(chatId, 0);
        if (seq <= last) return false;
        shown.put(chatId, seq);
        return true;
    }

    @Override
    public void slaReminder(SlaReminder reminder) {
        print("! chat " + text(reminder.chatId()) + " has waited " + reminder.waitingSeconds()
                + " s for your first answer");
    }

    @Override
    public void archive(ArchivePage page) {
        listed.clear();
        print(page.chats().isEmpty() ? "no archived chats" : "archived chats:");
        for (ChatSummary c : page.chats()) {
            listed.add(text(c.chatId()));
            print("  [" + listed.size() + "] " + describe(c) + ", " + text(c.archiveReason()) + " at "
                    + text(c.archivedAt()));
        }
    }

    @Override
    public void deskError(DeskError error) {
        if ("connect".equals(error.event()) && !signIn.isDone()) {
            refused(error.code(), error.message());
            return;
        }
        print("desk refused " + text(error.event()) + ": " + text(error.message()));
    }

    @Override
    public void refused(String code, String message) {
        if (!"invalid_token".equals(code)) refusal = text(message);
        signIn.complete(SignIn.REFUSED);
    }

    @Override
    public void unreachable(String problem) {
        print("cannot reach the desk: " + problem);
    }

    @Override
    public void disconnected(String reason) {
        print("disconnected from the desk" + (reason == null ? "" : " (" + reason + ")"));
    }

    @Override
    public void undecodable(String event, String problem) {
        print("[bad-desk-event] cannot read the desk's " + event + " event: " + problem);
    }

    // --- the terminal's own lines

    /** Signing in did not succeed: {@code outcome} is {@code null} when the desk did not answer in time. */
    void notSignedIn(SignIn outcome, URI deskUrl) {
        if (outcome == SignIn.REFUSED)
            print("refused: " + (refusal == null ? "the desk does not accept this token" : refusal));
        else print("no answer from the desk at " + deskUrl);
    }

    void signedOut() {
        print("signed out");
    }

    // --- commands

    /**
     * Applies one command the agent typed: prints what it has to say and returns the request for the
     * desk, if any. {@link Command.Quit} is the terminal's, not the screen's.
     */
    Optional<DeskRequest> apply(Command command) {
        if (command instanceof Command.Send s) return Optional.of(s.request());
        if (command instanceof Command.OnChat c)
            return chosen(c.chat()).map(id -> request(c.event(), new Requests.ChatRef(id)));
        if (command instanceof Command.Reply r)
            return currentChat().map(id -> request(AgentEvents.SEND, new Requests.Send(id, r.text())));
        if (command instanceof Command.Resolve)
            return currentChat().map(id -> request(AgentEvents.RESOLVE, new Requests.ChatRef(id)));
        if (command instanceof Command.Transfer t) return currentChat().flatMap(id -> transfer(id, t));
        if (command instanceof Command.Subject s)
            return currentChat().map(id -> request(AgentEvents.SUBJECT, new Requests.Subject(id, s.text())));
        if (command instanceof Command.Retry r)
            return currentChat()
                    .map(id -> request(
                            AgentEvents.RETRANSLATE,
                            new Requests.MessageRef(
                                    id, r.message().seq(), r.message().history() ? Boolean.TRUE : null)));
        if (command instanceof Command.ChatLanguage l)
            return currentChat()
                    .map(id -> request(AgentEvents.SET_CHAT_LANGUAGE, new Requests.ChatLanguage(id, l.language())));
        if (command instanceof Command.Original o) currentChat().ifPresent(id -> original(id, o.message()));
        else if (command instanceof Command.Print p) p.text().lines().forEach(this::print);
        else if (command instanceof Command.Switch s) chosen(s.chat()).ifPresent(this::switchTo);
        else if (command instanceof Command.ListChats) listChats();
        else throw new IllegalArgumentException("not a screen command: " + command);
        return Optional.empty();
    }

    private void original(String chatId, AgentCommands.MessageNumber n) {
        MessageView m = printed.getOrDefault(chatId, Map.of()).get(n.toString());
        if (m == null) {
            print("no message " + n + " shown in chat " + chatId);
            return;
        }
        String language = text(m.language()).isEmpty() ? "" : " (" + m.language() + ")";
        print(n + " " + who(m) + language + ", original: " + text(m.text()));
    }

    private void switchTo(String chatId) {
        current = chatId;
        print("current chat: " + chatId);
    }

    private void listChats() {
        listed.clear();
        listed.addAll(mine.keySet());
        print(mine.isEmpty() ? "you have no chats" : "your chats:");
        int i = 1;
        for (ChatSummary c : mine.values()) print("  [" + i++ + "] " + describe(c) + currentMark(c));
    }

    private Optional<DeskRequest> transfer(String chatId, Command.Transfer transfer) {
        if (transfer.agent() == null && transfer.department() == null) {
            print(AgentCommands.TRANSFER_USAGE);
            return Optional.empty();
        }
        return Optional.of(
                request(AgentEvents.TRANSFER, new Requests.Transfer(chatId, transfer.agent(), transfer.department())));
    }

    /** The chosen chat's id, or empty after saying why there is none. */
    private Optional<String> chosen(ChatChoice choice) {
        if (choice instanceof ChatChoice.ById byId) return Optional.of(byId.chatId());
        BigInteger n = ((ChatChoice.Numbered) choice).n();
        if (n.signum() < 1 || n.compareTo(BigInteger.valueOf(listed.size())) > 0) {
            print("no chat [" + n + "] in the last list (" + listed.size() + " listed)");
            return Optional.empty();
        }
        return Optional.of(listed.get(n.intValueExact() - 1));
    }

    /** The current chat's id, or empty after saying there is none. */
    private Optional<String> currentChat() {
        if (current == null) print("no current chat: /take one from the /queue first");
        return Optional.ofNullable(current);
    }

    private static DeskRequest request(String event, Record payload) {
        return new DeskRequest(event, payload);
    }

    private void dropChat(String id, String what) {
        mine.remove(id);
        if (id.equals(current))
            current = mine.isEmpty() ? null : mine.keySet().iterator().next();
        print("chat " + id + " " + what + (current == null ? "" : "; current chat: " + current));
    }

    private void printMessages(List<MessageView> messages) {
        for (MessageView m : messages) {
            if (!m.history()) shown.merge(text(m.chatId()), m.seq(), Math::max);
            remember(m);
            print("    " + (m.history() ? "(before handoff) " : "") + line(m));
        }
    }

    private String currentMark(ChatSummary c) {
        return text(c.chatId()).equals(current) ? "  [current]" : "";
    }

    private static String who(MessageView m) {
        return switch (text(m.sender())) {
            case "agent" -> m.author() == null ? "agent" : m.author();
            case "desk" -> "queue auto-reply";
            default -> text(m.sender());
        };
    }

    private static String describe(ChatSummary c) {
        StringBuilder s = new StringBuilder(text(c.chatId()))
                .append(" ")
                .append(text(c.department()))
                .append(", conversation ")
                .append(text(c.conversationId()));
        if (!text(c.language()).isEmpty()) s.append(", language ").append(c.language());
        if (c.contact() != null && c.contact().name() != null)
            s.append(", ").append(c.contact().name());
        if (!text(c.subject()).isEmpty())
            s.append(", subject '").append(c.subject()).append("'");
        return s.toString();
    }

    /** A text field as printed: absent or {@code null} prints as nothing. */
    private static String text(String value) {
        return value == null ? "" : value;
    }

    /**
     * Prints one line, made {@link Visible}: the desk's events carry text from users, bots and other
     * agents, and none of it may act on the terminal or break the line.
     */
    private void print(String line) {
        out.println(Visible.of(line));
        out.flush();
    }
}
