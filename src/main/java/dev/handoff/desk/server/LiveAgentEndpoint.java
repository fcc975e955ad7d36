package dev.handoff.desk.server;

import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIONamespace;
import dev.handoff.desk.api.Contact;
import dev.handoff.desk.api.DeskError;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.core.HelpDesk;
import dev.handoff.desk.core.HistoryLine;
import dev.handoff.desk.core.OpenChat;
import dev.handoff.protocol.LiveAgentEvents;
import dev.handoff.protocol.TranscriptEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of PROTOCOL.md on {@code /live_agent}: one connection per handed-off conversation.
 * Malformed or early events are logged and dropped; they never close the connection nor touch another.
 *
 * <p>The delivery addition (README): {@code startConversation} offers it with {@code {"delivery": 1}}; a
 * {@code username} with {@code "delivery": 1} puts the connection in delivery mode, where {@code
 * username} and {@code from_user} are acknowledged once durable (or refused with an error), and {@code
 * to_user} carries an id and waits for the client's acknowledgement. Acknowledgements are sent from
 * whatever thread completes the store's future, or the desk's delivery thread: never blocking here.
 */
final class LiveAgentEndpoint {
    private static final Logger log = LoggerFactory.getLogger(LiveAgentEndpoint.class);
    static final String CHAT_ATTRIBUTE = "desk.chatId";
    private static final String NS = LiveAgentEvents.NAMESPACE;
    /** The key that offers ({@code startConversation}) and asks for ({@code username}) the delivery addition. */
    private static final String DELIVERY = "delivery";
    /** Longest {@code from_user} id, as stored. */
    private static final int MAX_CLIENT_ID = 200;

    private final DeskConfig config;
    private final HelpDesk desk;
    private final SocketOutbox outbox;
    private final ConnectionGate gate;
    private final int maxMessageSize;
    private final BooleanSupplier stopping;

    LiveAgentEndpoint(
            DeskConfig config, HelpDesk desk, SocketOutbox outbox, ConnectionGate gate, BooleanSupplier stopping) {
        this.config = config;
        this.desk = desk;
        this.outbox = outbox;
        this.gate = gate;
        this.maxMessageSize = config.maxMessageSize();
        this.stopping = stopping;
    }

    void register(SocketIONamespace ns) {
        ns.addConnectListener(client -> client.sendEvent(LiveAgentEvents.START_CONVERSATION, Map.of(DELIVERY, 1)));
        ns.addEventListener(
                LiveAgentEvents.USERNAME,
                Object.class,
                (client, data, ack) -> guard(
                        client,
                        LiveAgentEvents.USERNAME,
                        () -> onUsername(client, data, ack),
                        (code, message) -> refuse(client, ack, null, code, message)));
        ns.addEventListener(
                LiveAgentEvents.MESSAGES_TO_CLIENT,
                Object.class,
                (client, data, ack) ->
                        guard(client, LiveAgentEvents.MESSAGES_TO_CLIENT, () -> onHistory(client, data), (c, m) -> {}));
        ns.addEventListener(LiveAgentEvents.FROM_USER, Object.class, (client, data, ack) -> {
            String id = clientId(data);
            guard(
                    client,
                    LiveAgentEvents.FROM_USER,
                    () -> onFromUser(client, data, id, ack),
                    (code, message) -> refuse(client, ack, id, code, message));
        });
        ns.addDisconnectListener(client -> guard(client, "disconnect", () -> onDisconnect(client), (c, m) -> {}));
    }

    private void onUsername(SocketIOClient client, Object data, AckRequest ack) {
        Map<String, Object> m = Payloads.object(data);
        boolean delivery = Integer.valueOf(1).equals(m.get(DELIVERY));
        if (delivery) client.set(SocketOutbox.DELIVERY_ATTRIBUTE, true);
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
                desk.openChat(new OpenChat(conversationId, botId, department, language, contact, delivery), chatId -> {
                    client.set(CHAT_ATTRIBUTE, chatId);
                    outbox.attachUser(chatId, client);
                });
        gate.identified(client);
        if (opened.needsHistory()) client.sendEvent(LiveAgentEvents.MESSAGES);
        if (!delivery) return;
        String chatId = opened.chatId();
        AckRequest later = DeferredAck.defer(ack);
        desk.afterDurable(failure -> {
            if (failure != null) {
                log.error("{} chat {}: the chat could not be stored durably: {}", NS, chatId, failure.toString());
                refuse(client, later, null, DeskError.Code.INTERNAL, "the chat could not be stored");
                return;
            }
            Map<String, Object> ok = new LinkedHashMap<>();
            ok.put("ok", true);
            ok.put("chatId", chatId);
            if (later.isAckRequested()) later.sendAckData(ok);
            desk.userReady(chatId);
        });
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

    private void onFromUser(SocketIOClient client, Object data, String id, AckRequest ack) {
        String chatId = chatOf(client);
        Map<String, Object> m = Payloads.object(data);
        String message = Payloads.string(m, "message", true);
        boolean delivery = SocketOutbox.delivery(client);
        if (delivery && id != null && id.length() > MAX_CLIENT_ID)
            throw new BadPayload("'id' is longer than " + MAX_CLIENT_ID + " characters");
        HelpDesk.Received received = desk.userMessage(chatId, delivery ? id : null, message);
        if (!delivery || !ack.isAckRequested()) return;
        AckRequest later = DeferredAck.defer(ack);
        received.durable().whenComplete((v, failure) -> {
            if (failure != null) {
                refuse(client, later, id, DeskError.Code.INTERNAL, "the message could not be stored");
                return;
            }
            Map<String, Object> ok = new LinkedHashMap<>();
            ok.put("ok", true);
            ok.put("id", id);
            later.sendAckData(ok);
        });
    }

    /** {@code from_user}'s {@code "id"}, when it is a string (anything else is read as no id). */
    private static String clientId(Object data) {
        return data instanceof Map<?, ?> m && m.get("id") instanceof String s ? s : null;
    }

    /** In delivery mode, a refused {@code username} or {@code from_user} is answered {@code ok: false}. */
    private static void refuse(SocketIOClient client, AckRequest ack, String id, DeskError.Code code, String message) {
        if (!SocketOutbox.delivery(client) || !ack.isAckRequested()) return;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", false);
        if (id != null) answer.put("id", id);
        answer.put("error", Map.of("code", code.wire(), "message", message));
        ack.sendAckData(answer);
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

    private void guard(SocketIOClient client, String event, Guard.Handler handler, Guard.OnRefused onRefused) {
        String who = client.get(CHAT_ATTRIBUTE);
        Guard.run(log, NS, event, client, who == null ? "no chat yet" : "chat " + who, handler, onRefused);
    }
}
