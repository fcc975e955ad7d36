package dev.handoff.cli.agent;

import dev.handoff.desk.api.AgentEvents;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * A line-based agent client for the desk's {@code /agents} namespace. Plain text is a reply to the
 * current chat; commands start with a slash (see {@link #HELP}). Reads commands from {@code in},
 * prints the desk's events to {@code out}.
 */
public final class AgentTerminal {
    public static final String HELP = String.join(
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
            "  /lang CODE             your preferred language",
            "  /archive               list archived chats",
            "  /archived N|ID         read an archived chat",
            "  /quit                  sign out",
            "  anything else          a reply to the current chat");

    private final URI desk;
    private final String name;
    private final String token;
    private final BufferedReader in;
    private final PrintStream out;
    private final Map<String, JSONObject> waiting = new LinkedHashMap<>();
    private final Map<String, JSONObject> mine = new LinkedHashMap<>();
    private final List<String> listed = new ArrayList<>();
    private final CountDownLatch signedIn = new CountDownLatch(1);
    private volatile boolean refused;
    private String current;
    private Socket socket;

    public AgentTerminal(URI desk, String name, String token, BufferedReader in, PrintStream out) {
        this.desk = desk;
        this.name = name;
        this.token = token;
        this.in = in;
        this.out = out;
    }

    /** Signs in, then handles commands until {@code /quit} or the end of input. Returns the exit code. */
    public int run() throws IOException, InterruptedException {
        IO.Options options = IO.Options.builder()
                .setForceNew(true)
                .setTransports(new String[] {"websocket"})
                .setAuth(Map.of("token", token))
                .setReconnectionDelay(500)
                .setReconnectionDelayMax(5000)
                .build();
        socket = IO.socket(desk.resolve(AgentEvents.NAMESPACE), options);
        listen();
        socket.connect();
        if (!signedIn.await(30, TimeUnit.SECONDS) || refused) {
            print(refused ? "refused: the desk does not accept this token" : "no answer from the desk at " + desk);
            socket.close();
            return 2;
        }
        try {
            for (String line; (line = in.readLine()) != null; ) {
                line = line.strip();
                if (line.isEmpty()) continue;
                if (line.equals("/quit")) break;
                handle(line);
            }
        } finally {
            socket.disconnect();
            socket.close();
        }
        print("signed out");
        return 0;
    }

    private void listen() {
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> {
            String message = args.length > 0 && args[0] instanceof JSONObject o
                    ? o.optString("message")
                    : String.valueOf(args.length > 0 ? args[0] : "");
            if (message.contains("invalid token")) {
                refused = true;
                signedIn.countDown();
            } else {
                print("cannot reach the desk: " + message);
            }
        });
        socket.on(
                Socket.EVENT_DISCONNECT,
                args -> print("disconnected from the desk" + (args.length > 0 ? " (" + args[0] + ")" : "")));
        on(AgentEvents.SIGNED_IN, o -> {
            if (!o.optString("name").equals(name))
                print("note: this token belongs to " + o.optString("name") + ", not " + name);
            print("signed in as " + o.optString("name") + " (" + o.optString("status") + ", departments: "
                    + (o.optJSONArray("departments").length() == 0 ? "all" : join(o.optJSONArray("departments")))
                    + ", up to " + o.optInt("maxChats") + " chats). /help for commands.");
            signedIn.countDown();
        });
        on(
                AgentEvents.STATUS,
                o -> print("you are " + o.optString("status") + ", language " + o.optString("language")));
        on(AgentEvents.QUEUE, o -> {
            synchronized (this) {
                waiting.clear();
                mine.clear();
                JSONArray w = o.optJSONArray("waiting");
                JSONArray m = o.optJSONArray("mine");
                for (int i = 0; i < w.length(); i++)
                    waiting.put(w.optJSONObject(i).optString("chatId"), w.optJSONObject(i));
                for (int i = 0; i < m.length(); i++)
                    mine.put(m.optJSONObject(i).optString("chatId"), m.optJSONObject(i));
                printQueue();
            }
        });
        on(AgentEvents.QUEUE_CHANGED, o -> {
            JSONObject chat = o.optJSONObject("chat");
            String id = chat.optString("chatId");
            synchronized (this) {
                switch (o.optString("change")) {
                    case "added" -> {
                        waiting.put(id, chat);
                        print("+ waiting: " + describe(chat));
                    }
                    case "removed" -> waiting.remove(id);
                    default -> {
                        if (waiting.containsKey(id)) waiting.put(id, chat);
                        if (mine.containsKey(id)) mine.put(id, chat);
                    }
                }
            }
        });
        on(AgentEvents.ASSIGNED, o -> {
            JSONObject chat = o.optJSONObject("chat");
            String id = chat.optString("chatId");
            synchronized (this) {
                waiting.remove(id);
                mine.put(id, chat);
                if (current == null) current = id;
                print("assigned to you: " + describe(chat)
                        + (id.equals(current) ? "  [current]" : "  (/switch " + id + ")"));
                printMessages(o.optJSONArray("messages"));
            }
        });
        on(
                AgentEvents.UNASSIGNED,
                o -> dropChat(o.optString("chatId"), "no longer yours (" + o.optString("reason") + ")"));
        on(AgentEvents.CHAT_ARCHIVED, o -> dropChat(o.optString("chatId"), "archived (" + o.optString("reason") + ")"));
        on(AgentEvents.CHAT, o -> {
            print(describe(o.optJSONObject("chat")));
            printMessages(o.optJSONArray("messages"));
        });
        on(AgentEvents.MESSAGE, o -> {
            if (o.optString("sender").equals("agent") && o.optString("author").equals(name)) return;
            print("[" + shortId(o.optString("chatId")) + "] " + who(o) + ": " + o.optString("text"));
        });
        on(
                AgentEvents.SLA_REMINDER,
                o -> print("! chat " + shortId(o.optString("chatId")) + " has waited " + o.optLong("waitingSeconds")
                        + " s for your first answer"));
        on(AgentEvents.ARCHIVE, o -> {
            JSONArray chats = o.optJSONArray("chats");
            synchronized (this) {
                listed.clear();
                print(chats.length() == 0 ? "no archived chats" : "archived chats:");
                for (int i = 0; i < chats.length(); i++) {
                    JSONObject c = chats.optJSONObject(i);
                    listed.add(c.optString("chatId"));
                    print("  [" + (i + 1) + "] " + describe(c) + ", " + c.optString("archiveReason") + " at "
                            + c.optString("archivedAt"));
                }
            }
        });
        on(AgentEvents.ERROR, o -> print("desk refused " + o.optString("event") + ": " + o.optString("message")));
    }

    private void handle(String line) {
        if (!line.startsWith("/")) {
            String chat = currentChat();
            if (chat != null) emit(AgentEvents.SEND, "chatId", chat, "text", line);
            return;
        }
        String[] parts = line.split("\\s+", 2);
        String arg = parts.length > 1 ? parts[1].strip() : "";
        switch (parts[0]) {
            case "/help" -> print(HELP);
            case "/queue" -> socket.emit(AgentEvents.GET_QUEUE, new JSONObject());
            case "/take" -> withChat(arg, id -> emit(AgentEvents.TAKE, "chatId", id));
            case "/chats" -> {
                synchronized (this) {
                    listed.clear();
                    listed.addAll(mine.keySet());
                    print(mine.isEmpty() ? "you have no chats" : "your chats:");
                    int i = 1;
                    for (JSONObject c : mine.values())
                        print("  [" + i++ + "] " + describe(c)
                                + (c.optString("chatId").equals(current) ? "  [current]" : ""));
                }
            }
            case "/switch" -> withChat(arg, id -> {
                synchronized (this) {
                    current = id;
                }
                print("current chat: " + shortId(id));
            });
            case "/read" -> withChat(arg, id -> emit(AgentEvents.GET_CHAT, "chatId", id));
            case "/resolve" -> {
                String chat = currentChat();
                if (chat != null) emit(AgentEvents.RESOLVE, "chatId", chat);
            }
            case "/transfer" -> {
                String chat = currentChat();
                if (chat == null) return;
                if (arg.isEmpty()) print("usage: /transfer DEPARTMENT or /transfer @AGENT");
                else if (arg.startsWith("@")) emit(AgentEvents.TRANSFER, "chatId", chat, "agent", arg.substring(1));
                else emit(AgentEvents.TRANSFER, "chatId", chat, "department", arg);
            }
            case "/subject" -> {
                String chat = currentChat();
                if (chat != null) emit(AgentEvents.SUBJECT, "chatId", chat, "subject", arg);
            }
            case "/status" -> emit(AgentEvents.SET_STATUS, "status", arg);
            case "/lang" -> emit(AgentEvents.SET_LANGUAGE, "language", arg);
            case "/archive" -> emit(AgentEvents.LIST_ARCHIVE, "offset", 0, "limit", 20);
            case "/archived" -> withChat(arg, id -> emit(AgentEvents.GET_ARCHIVED, "chatId", id));
            default -> print("unknown command " + parts[0] + "; /help lists the commands");
        }
    }

    private synchronized void printQueue() {
        listed.clear();
        print(waiting.isEmpty() ? "queue: no chat waiting" : "queue:");
        for (JSONObject c : waiting.values()) {
            listed.add(c.optString("chatId"));
            print("  [" + listed.size() + "] " + describe(c) + ", waiting since " + c.optString("queuedAt"));
        }
        if (!mine.isEmpty()) {
            print("your chats:");
            for (JSONObject c : mine.values())
                print("  " + describe(c) + (c.optString("chatId").equals(current) ? "  [current]" : ""));
        }
    }

    private void printMessages(JSONArray messages) {
        if (messages == null) return;
        for (int i = 0; i < messages.length(); i++) {
            JSONObject m = messages.optJSONObject(i);
            print("    " + (m.optBoolean("history") ? "(before handoff) " : "") + who(m) + ": " + m.optString("text"));
        }
    }

    private synchronized void dropChat(String id, String what) {
        mine.remove(id);
        if (id.equals(current))
            current = mine.isEmpty() ? null : mine.keySet().iterator().next();
        print("chat " + shortId(id) + " " + what + (current == null ? "" : "; current chat: " + shortId(current)));
    }

    private synchronized String currentChat() {
        if (current == null) print("no current chat: /take one from the /queue first");
        return current;
    }

    private void withChat(String arg, java.util.function.Consumer<String> action) {
        if (arg.isEmpty()) {
            print("which chat? give its number from the last list or its id");
            return;
        }
        String id = arg;
        if (arg.matches("\\d+")) {
            synchronized (this) {
                int n = Integer.parseInt(arg);
                if (n < 1 || n > listed.size()) {
                    print("no chat [" + n + "] in the last list (" + listed.size() + " listed)");
                    return;
                }
                id = listed.get(n - 1);
            }
        }
        action.accept(id);
    }

    private static String who(JSONObject m) {
        return switch (m.optString("sender")) {
            case "agent" -> m.optString("author", "agent");
            case "desk" -> "queue auto-reply";
            default -> m.optString("sender");
        };
    }

    private static String describe(JSONObject c) {
        StringBuilder s = new StringBuilder(shortId(c.optString("chatId")))
                .append(" ")
                .append(c.optString("department"))
                .append(", conversation ")
                .append(c.optString("conversationId"));
        if (!c.isNull("language") && !c.optString("language").isEmpty())
            s.append(", language ").append(c.optString("language"));
        JSONObject contact = c.optJSONObject("contact");
        if (contact != null && contact.has("name")) s.append(", ").append(contact.optString("name"));
        if (!c.isNull("subject") && !c.optString("subject").isEmpty())
            s.append(", subject '").append(c.optString("subject")).append("'");
        return s.toString();
    }

    private static String shortId(String id) {
        return id;
    }

    private static String join(JSONArray a) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < a.length(); i++) items.add(a.optString(i));
        return String.join(", ", items);
    }

    private void emit(String event, Object... kv) {
        JSONObject o = new JSONObject();
        try {
            for (int i = 0; i < kv.length; i += 2) o.put((String) kv[i], kv[i + 1]);
        } catch (JSONException e) {
            throw new IllegalArgumentException(e);
        }
        socket.emit(event, o);
    }

    private void on(String event, java.util.function.Consumer<JSONObject> handler) {
        socket.on(event, args -> {
            if (args.length > 0 && args[0] instanceof JSONObject o) handler.accept(o);
        });
    }

    private void print(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
