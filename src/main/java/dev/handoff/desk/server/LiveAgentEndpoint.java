package dev.handoff.desk.server;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIONamespace;
import dev.handoff.desk.api.Contact;
import dev.handoff.desk.core.HelpDesk;
import dev.handoff.desk.core.HistoryLine;
import dev.handoff.desk.core.OpenChat;
import dev.handoff.protocol.LiveAgentEvents;
import dev.handoff.protocol.TranscriptEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of PROTOCOL.md on {@code /live_agent}: one connection per handed-off conversation.
 * Malformed or early events are logged and dropped; they never close the connection nor touch another.
 */
final class LiveAgentEndpoint {
    private static final Logger log = LoggerFactory.getLogger(LiveAgentEndpoint.class);
    static final String CHAT_ATTRIBUTE = "desk.chatId";
    private static final String NS = LiveAgentEvents.NAMESPACE;

    private final HelpDesk desk;
    private final SocketOutbox outbox;
    private final int maxMessageSize;
    private final BooleanSupplier stopping;

    LiveAgentEndpoint(HelpDesk desk, SocketOutbox outbox, int maxMessageSize, BooleanSupplier stopping) {
        this.desk = desk;
        this.outbox = outbox;
        this.maxMessageSize = maxMessageSize;
        this.stopping = stopping;
    }

    void register(SocketIONamespace ns) {
        ns.addConnectListener(client -> client.sendEvent(LiveAgentEvents.START_CONVERSATION));
        ns.addEventListener(
                LiveAgentEvents.USERNAME,
                Object.class,
                (client, data, ack) -> guard(client, LiveAgentEvents.USERNAME, () -> onUsername(client, data)));
        ns.addEventListener(
                LiveAgentEvents.MESSAGES_TO_CLIENT,
                Object.class,
                (client, data, ack) ->
                        guard(client, LiveAgentEvents.MESSAGES_TO_CLIENT, () -> onHistory(client, data)));
        ns.addEventListener(
                LiveAgentEvents.FROM_USER,
                Object.class,
                (client, data, ack) -> guard(client, LiveAgentEvents.FROM_USER, () -> onFromUser(client, data)));
        ns.addDisconnectListener(client -> guard(client, "disconnect", () -> onDisconnect(client)));
    }

    private void onUsername(SocketIOClient client, Object data) {
        Map<String, Object> m = Payloads.object(data);
        String conversationId = Payloads.string(m, "ConversationID", true);
        String botId = Payloads.string(m, "BotID", true);
        String department = Payloads.string(m, "department", false);
        String language = Payloads.string(m, "language", false);
        Contact contact = Contact.NONE;
        if (m.get("contact") != null) {
            Map<String, Object> c = Payloads.object(m.get("contact"));
            contact = new Contact(
                    Payloads.string(c, "name", false),
                    Payloads.string(c, "email", false),
                    Payloads.string(c, "phone", false));
        }
        String current = client.get(CHAT_ATTRIBUTE);
        if (current != null) {
            throw new BadPayload("this connection already carries chat " + current + "; a second username is ignored");
        }
        HelpDesk.Opened opened =
                desk.openChat(new OpenChat(conversationId, botId, department, language, contact), chatId -> {
                    client.set(CHAT_ATTRIBUTE, chatId);
                    outbox.attachUser(chatId, client);
                });
        if (opened.needsHistory()) client.sendEvent(LiveAgentEvents.MESSAGES);
    }

    private void onHistory(SocketIOClient client, Object data) {
        String chatId = chatOf(client);
        Map<String, Object> m = Payloads.object(data);
        List<?> raw = Payloads.list(m, "messages");
        List<HistoryLine> entries = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            Object item = raw.get(i);
            try {
                Map<String, Object> e = Payloads.object(item);
                String sender = Payloads.string(e, "sender", true);
                String message = Payloads.string(e, "message", true);
                if (!sender.equals(TranscriptEntry.USER) && !sender.equals(TranscriptEntry.BOT)) {
                    throw new BadPayload("'sender' must be 'user' or 'bot', got " + Payloads.abbreviate(sender));
                }
                if (message.length() > maxMessageSize) {
                    throw new BadPayload(
                            "'message' has " + message.length() + " characters; the maximum is " + maxMessageSize);
                }
                entries.add(new HistoryLine(sender, message));
            } catch (BadPayload e) {
                log.warn(
                        "{} {} from {} (chat {}): messages[{}] skipped: {}",
                        NS,
                        LiveAgentEvents.MESSAGES_TO_CLIENT,
                        client.getSessionId(),
                        chatId,
                        i,
                        e.getMessage());
            }
        }
        desk.recordHistory(chatId, entries);
    }

    private void onFromUser(SocketIOClient client, Object data) {
        String chatId = chatOf(client);
        Map<String, Object> m = Payloads.object(data);
        String message = Payloads.string(m, "message", true);
        desk.userMessage(chatId, message);
    }

    private void onDisconnect(SocketIOClient client) {
        String chatId = client.get(CHAT_ATTRIBUTE);
        if (chatId == null) return;
        if (outbox.detachUser(chatId, client) && !stopping.getAsBoolean()) desk.userDisconnected(chatId);
    }

    private static String chatOf(SocketIOClient client) {
        String chatId = client.get(CHAT_ATTRIBUTE);
        if (chatId == null) throw new BadPayload("no 'username' yet on this connection; the event is ignored");
        return chatId;
    }

    private void guard(SocketIOClient client, String event, Guard.Handler handler) {
        String who = client.get(CHAT_ATTRIBUTE);
        Guard.run(log, NS, event, client, who == null ? "no chat yet" : "chat " + who, handler, (code, message) -> {});
    }
}
