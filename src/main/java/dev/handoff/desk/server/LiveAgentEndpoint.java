package dev.handoff.desk.server;

import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIONamespace;
import com.corundumstudio.socketio.transport.NamespaceClient;
import dev.handoff.desk.api.Contact;
import dev.handoff.desk.api.DeskError;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.SecurityConfig;
import dev.handoff.desk.core.ChatRating;
import dev.handoff.desk.core.Desk;
import dev.handoff.desk.core.DeskException;
import dev.handoff.desk.core.HistoryLine;
import dev.handoff.desk.core.OpenChat;
import dev.handoff.protocol.LiveAgentEvents;
import dev.handoff.protocol.TranscriptEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
 * to_user} carries an id and waits for the client's acknowledgement. The notices addition is offered the
 * same way ({@code "notices": 1}): a connection whose {@code username} accepts it is told {@code
 * queue_position} and {@code agent_joined} (after the acknowledgement, in delivery mode). Acknowledgements are sent from
 * whatever thread completes the store's future, or the desk's delivery thread: never blocking here.
 *
 * <p>The desk is reached through its port ({@link Desk}); the calls of one connection go through its {@link
 * CallChain}, so they reach the desk in the order the events came even when the desk answers later.
 *
 * <p>The doors (README, "Securing the desk"):
 *
 * <ul>
 *   <li><b>Bots prove who they are.</b> A key in the handshake ({@code auth: {"key"}}) must be one of
 *       {@code bots}' keys, else the connection is refused before it is accepted ({@code CONNECT_ERROR},
 *       {@code data.code} {@code invalid_key}); without one, it is refused there unless {@code
 *       security.keylessBots}. A {@code username} whose {@code BotID} has a key must come on a connection
 *       that presented that key, in the handshake or as {@code username}'s {@code "key"}.
 *   <li><b>No takeover.</b> {@link Desk#openChat} decides who may carry a chat (resume tokens); a
 *       connection that takes a chat over with its token closes the one it replaces.
 *   <li><b>Caps.</b> A bot's {@code maxChats}; new chats of keyless bots per address and minute
 *       ({@link KeylessChats}); events per connection ({@link EventLimit}).
 * </ul>
 *
 * <p>A refused {@code username} ({@code invalid_key}, {@code conversation_in_use}, {@code
 * over_capacity}) is answered {@code ok: false} in delivery mode, else with a {@code desk_error} event
 * {@code {"event": "username", "code", "message"}}; then the desk disconnects the namespace. It is
 * logged at WARN with the client's address, never with a key or token.
 */
final class LiveAgentEndpoint {
    private static final Logger log = LoggerFactory.getLogger(LiveAgentEndpoint.class);
    static final String CHAT_ATTRIBUTE = "desk.chatId";
    private static final String NS = LiveAgentEvents.NAMESPACE;
    /** The key that offers ({@code startConversation}) and asks for ({@code username}) the delivery addition. */
    private static final String DELIVERY = "delivery";
    /** The key that offers ({@code startConversation}) and asks for ({@code username}) the notices addition. */
    private static final String NOTICES = "notices";
    /** The key that offers ({@code startConversation}) the rating addition. */
    private static final String RATING = "rating";
    /** {@code rate_chat}s waiting for a worker: beyond it, {@code busy}. */
    private static final int RATINGS_WAITING = 64;
    /** Longest {@code from_user} id, as stored. */
    private static final int MAX_CLIENT_ID = 200;
    /** The id of the bot whose key the connection presented in its handshake. */
    static final String BOT_ATTRIBUTE = "desk.bot";
    /** The connection's {@link EventLimit}. */
    private static final String LIMIT_ATTRIBUTE = "desk.events";
    /** The connection's {@link CallChain}. */
    private static final String CALLS_ATTRIBUTE = "desk.calls";
    /** The event that tells a client without the delivery addition why its {@code username} was refused. */
    static final String DESK_ERROR = LiveAgentEvents.DESK_ERROR;
    /** The refusals of {@code username} that close the connection (and are logged with the address). */
    private static final Set<DeskError.Code> DOORS =
            Set.of(DeskError.Code.INVALID_KEY, DeskError.Code.CONVERSATION_IN_USE, DeskError.Code.OVER_CAPACITY);

    private final DeskConfig config;
    private final Desk desk;
    private final SocketOutbox outbox;
    private final ConnectionGate gate;
    private final int maxMessageSize;
    private final BooleanSupplier stopping;
    private final SecurityConfig security;
    /**
     * Where {@code rate_chat}s are checked and stored: they read the store (the chat, its token's hash), which must
     * never happen on the Socket.IO event thread. Two threads at most, a bounded queue, idle threads end.
     */
    private final ThreadPoolExecutor ratings;

    LiveAgentEndpoint(
            DeskConfig config, Desk desk, SocketOutbox outbox, ConnectionGate gate, BooleanSupplier stopping) {
        this.config = config;
        this.desk = desk;
        this.outbox = outbox;
        this.gate = gate;
        this.maxMessageSize = config.maxMessageSize();
        this.stopping = stopping;
        this.security = config.security();
        AtomicInteger threads = new AtomicInteger();
        this.ratings =
                new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(RATINGS_WAITING), r -> {
                    Thread t = new Thread(r, "desk-ratings-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        ratings.allowCoreThreadTimeOut(true);
    }

    void register(SocketIONamespace ns) {
        // netty-socketio asks only when the client sent auth; a null auth is read as "no key" all the same
        ns.addAuthTokenListener((auth, client) -> onHandshake(auth, client));
        ns.addConnectListener(client -> {
            SecurityConfig.Limits limits = security.limits();
            client.set(
                    LIMIT_ATTRIBUTE, new EventLimit(limits.eventsPerSecond(), limits.eventBurst(), System.nanoTime()));
            client.set(CALLS_ATTRIBUTE, new CallChain());
            client.sendEvent(LiveAgentEvents.START_CONVERSATION, Map.of(DELIVERY, 1, NOTICES, 1, RATING, 1));
        });
        ns.addEventListener(LiveAgentEvents.USERNAME, Object.class, (client, data, ack) -> {
            if (!withinRate(client, LiveAgentEvents.USERNAME, ack)) return;
            chained(
                    client,
                    LiveAgentEvents.USERNAME,
                    ack,
                    false,
                    a -> onUsername(client, data, a),
                    (a, code, message, ran) -> refuse(client, a, null, code, message));
        });
        ns.addEventListener(LiveAgentEvents.MESSAGES_TO_CLIENT, Object.class, (client, data, ack) -> {
            if (!withinRate(client, LiveAgentEvents.MESSAGES_TO_CLIENT, ack)) return;
            chained(
                    client,
                    LiveAgentEvents.MESSAGES_TO_CLIENT,
                    ack,
                    false,
                    a -> onHistory(client, data),
                    (a, c, m, ran) -> {});
        });
        ns.addEventListener(LiveAgentEvents.FROM_USER, Object.class, (client, data, ack) -> {
            String id = clientId(data);
            EventLimit.FromUser taken = fromUserWithinRate(client, id, ack);
            if (taken == null) return;
            chained(
                    client,
                    LiveAgentEvents.FROM_USER,
                    ack,
                    false,
                    a -> onFromUser(client, data, id, taken, a),
                    (a, code, message, ran) -> refuseFromUser(client, a, id, code, message, ran));
        });
        ns.addEventListener(LiveAgentEvents.RATE_CHAT, Object.class, (client, data, ack) -> {
            if (!withinRate(client, LiveAgentEvents.RATE_CHAT, ack)) return;
            guard(
                    client,
                    LiveAgentEvents.RATE_CHAT,
                    () -> onRateChat(client, data, ack),
                    (code, message) -> answerRating(client, ack, code, message));
        });
        ns.addDisconnectListener(
                client -> chained(client, "disconnect", null, true, a -> onDisconnect(client), (a, c, m, ran) -> {}));
    }

    // ---------------------------------------------------------------- the doors

    /**
     * The handshake: a key must be a bot's; no key passes only where keyless bots are allowed. The bot
     * whose key it is is kept on the connection for {@code username}.
     */
    private AuthTokenResult onHandshake(Object auth, SocketIOClient client) {
        String key = handshakeKey(auth);
        if (key != null) {
            Optional<SecurityConfig.BotConfig> bot = botWithKey(key);
            if (bot.isPresent()) {
                client.set(BOT_ATTRIBUTE, bot.get().id());
                return AuthTokenResult.AuthTokenResultSuccess;
            }
            return refuseHandshake(client, "the key is not the key of any bot of this desk");
        }
        if (security.keylessBots()) return AuthTokenResult.AuthTokenResultSuccess;
        return refuseHandshake(
                client, "this desk takes only bots with a key: connect with auth {\"key\": \"<the bot's key>\"}");
    }

    private AuthTokenResult refuseHandshake(SocketIOClient client, String message) {
        log.warn(
                "{}: connection {} from {} refused ({}): {}",
                NS,
                client.getSessionId(),
                gate.addressOf(client),
                DeskError.Code.INVALID_KEY.wire(),
                message);
        return new AuthTokenResult(
                false, Map.of("message", message, "data", Map.of("code", DeskError.Code.INVALID_KEY.wire())));
    }

    /** The handshake's {@code auth.key}: {@code null} for none; a key that is not a string is read as a wrong one. */
    private static String handshakeKey(Object auth) {
        if (auth == null) return null;
        if (!(auth instanceof Map<?, ?> m)) return "";
        Object key = m.get("key");
        if (key == null) return null;
        return key instanceof String s ? s : "";
    }

    /** The bot whose key this is, compared in constant time with every bot's key. */
    private Optional<SecurityConfig.BotConfig> botWithKey(String key) {
        SecurityConfig.BotConfig found = null;
        for (SecurityConfig.BotConfig bot : security.bots()) {
            if (sameKey(bot.key(), key)) found = bot;
        }
        return Optional.ofNullable(found);
    }

    private static boolean sameKey(String expected, String given) {
        return given != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether the connection proved the key of {@code botId}, in its handshake or with {@code
     * usernameKey}. Throws {@code invalid_key} for a key that is not {@code botId}'s, for a bot that has
     * a key and did not present it, and for no key at all on a desk without keyless bots.
     */
    private boolean proveBot(SocketIOClient client, String botId, String usernameKey) {
        Optional<SecurityConfig.BotConfig> bot = security.bot(botId);
        String handshakeBot = client.get(BOT_ATTRIBUTE);
        if (handshakeBot != null && !handshakeBot.equals(botId)) {
            throw invalidKey("this connection's key is not the key of bot '" + botId + "'");
        }
        if (usernameKey != null && (bot.isEmpty() || !sameKey(bot.get().key(), usernameKey))) {
            throw invalidKey("'key' is not the key of bot '" + botId + "'");
        }
        if (handshakeBot != null || usernameKey != null) return true;
        if (bot.isPresent()) {
            throw invalidKey("bot '" + botId + "' has a key: present it in the handshake (auth {\"key\"}) or in"
                    + " username (\"key\")");
        }
        if (!security.keylessBots()) {
            throw invalidKey("this desk takes only bots with a key: present it in the handshake (auth {\"key\"}) or"
                    + " in username (\"key\")");
        }
        return false;
    }

    private static DeskException invalidKey(String message) {
        return new DeskException(DeskError.Code.INVALID_KEY, message);
    }

    /**
     * The per-connection event rate for an event other than {@code from_user}: {@code true} lets the event through.
     * Over it, the event is dropped (a {@code username} in delivery mode is answered {@code rate_limited}); the log says so at most every 10 s; a connection that stays far over its rate
     * (ten bursts refused without its bucket filling again) is closed.
     */
    private boolean withinRate(SocketIOClient client, String event, AckRequest ack) {
        EventLimit limit = client.get(LIMIT_ATTRIBUTE);
        if (limit == null) return true; // not connected through the connect listener: nothing to count yet
        long now = System.nanoTime();
        EventLimit.Verdict verdict = limit.take(now);
        if (verdict == EventLimit.Verdict.PASS) return true;
        overRate(client, event, null, ack, limit, verdict, now);
        return false;
    }

    /**
     * A {@code from_user} as it arrives: what it was let through as (for {@link #heldBack} in its turn), or {@code
     * null} when it is refused here. Over the rate it is answered {@code rate_limited} in delivery mode (the client
     * sends it again later), as {@link #withinRate}; while an earlier one refused {@code busy} is not sent again, it
     * is answered {@code busy}, and that is no refusal over the rate.
     */
    private EventLimit.FromUser fromUserWithinRate(SocketIOClient client, String id, AckRequest ack) {
        EventLimit limit = client.get(LIMIT_ATTRIBUTE);
        if (limit == null) return UNCOUNTED; // not connected through the connect listener: nothing to count yet
        long now = System.nanoTime();
        EventLimit.FromUser taken = limit.takeFromUser(now, id);
        switch (taken.verdict()) {
            case PASS -> {
                return taken;
            }
            case HELD -> heldBusy(client, ack, id);
            default -> overRate(client, LiveAgentEvents.FROM_USER, id, ack, limit, taken.verdict(), now);
        }
        return null;
    }

    /** A {@code from_user} of a connection without an {@link EventLimit}: never held back. */
    private static final EventLimit.FromUser UNCOUNTED = new EventLimit.FromUser(EventLimit.Verdict.PASS, 0);

    /**
     * Whether the {@code from_user} let through as {@code taken} must be refused {@code busy} in its turn: one that
     * came before it on this connection was refused {@code busy} after it came.
     */
    private static boolean heldBack(SocketIOClient client, EventLimit.FromUser taken) {
        EventLimit limit = client.get(LIMIT_ATTRIBUTE);
        return limit != null && taken != UNCOUNTED && limit.heldBack(taken);
    }

    /** A {@code from_user} after one refused {@code busy} and not sent again: answered {@code busy}, logged at DEBUG. */
    private void heldBusy(SocketIOClient client, AckRequest ack, String id) {
        log.debug(
                "{} {} {} from {} ({}): an earlier message was refused busy and is not sent again yet; refused busy",
                NS,
                LiveAgentEvents.FROM_USER,
                id == null ? "(no id)" : Payloads.abbreviate(id),
                client.getSessionId(),
                who(client));
        refuse(
                client,
                ack,
                id,
                DeskError.Code.BUSY,
                "an earlier message of this connection was refused busy; send it again first, then this one");
    }

    /**
     * An event over the connection's rate: logged at most every 10 s, answered {@code rate_limited} where it can be
     * (delivery mode: a {@code from_user}), the connection closed when it is far over its rate.
     */
    private void overRate(
            SocketIOClient client,
            String event,
            String id,
            AckRequest ack,
            EventLimit limit,
            EventLimit.Verdict verdict,
            long now) {
        int refused = limit.refusalsToLog(now);
        if (refused > 0) {
            log.warn(
                    "{} {} from {} ({}, {}): over its rate of {} events/s (burst {}): {} event(s) refused ({})",
                    NS,
                    event,
                    client.getSessionId(),
                    gate.addressOf(client),
                    who(client),
                    security.limits().eventsPerSecond(),
                    security.limits().eventBurst(),
                    refused,
                    DeskError.Code.RATE_LIMITED.wire());
        }
        refuse(
                client,
                ack,
                id,
                DeskError.Code.RATE_LIMITED,
                "over " + security.limits().eventsPerSecond() + " events per second; send it again shortly");
        if (verdict == EventLimit.Verdict.CLOSE) {
            log.warn(
                    "{}: connection {} from {} ({}) is far over its event rate ({} refused without slowing down);"
                            + " closed",
                    NS,
                    client.getSessionId(),
                    gate.addressOf(client),
                    who(client),
                    10L * security.limits().eventBurst());
            close(client);
        }
    }

    /**
     * A {@code username} refused at a door: logged at WARN with the address, answered ({@code ok: false}
     * in delivery mode, else {@code desk_error}), and the namespace disconnected; the chat and any
     * connection carrying it are not touched.
     */
    private void refuseUsername(
            SocketIOClient client,
            AckRequest ack,
            DeskException e,
            String conversationId,
            String botId,
            boolean alreadyLogged) {
        if (!alreadyLogged) {
            log.warn(
                    "{} {} from {} ({}): conversation {} of bot {} refused ({}): {}",
                    NS,
                    LiveAgentEvents.USERNAME,
                    client.getSessionId(),
                    gate.addressOf(client),
                    Payloads.abbreviate(conversationId),
                    Payloads.abbreviate(botId),
                    e.code().wire(),
                    e.getMessage());
        }
        if (SocketOutbox.delivery(client)) {
            refuse(client, ack, null, e.code(), e.getMessage());
        } else {
            client.sendEvent(
                    DESK_ERROR, new DeskError(LiveAgentEvents.USERNAME, e.code().wire(), e.getMessage()));
        }
        client.disconnect();
    }

    /**
     * Disconnects the namespace (a Socket.IO client then knows the server ended it, and does not
     * reconnect by itself) and closes the connection underneath, whatever the client does.
     */
    /** Closes the whole Engine.IO connection, not only this namespace (a namespace DISCONNECT alone can be re-CONNECTed). */
    static void close(SocketIOClient client) {
        client.disconnect();
        if (client instanceof NamespaceClient nc) nc.getBaseClient().disconnect();
    }

    /**
     * Drops the connection as a network fault would (the Engine.IO session, without Socket.IO's DISCONNECT, after
     * which clients do not reconnect): the client reconnects by itself and resumes.
     */
    static void drop(SocketIOClient client) {
        if (client instanceof NamespaceClient nc) nc.getBaseClient().disconnect();
        else client.disconnect();
    }

    /** A {@code username} secret ({@code key}, {@code resume}): a string or nothing, never echoed back. */
    private static String secret(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) return null;
        if (v instanceof String s) return s;
        throw new BadPayload("'" + key + "' must be a string");
    }

    // ---------------------------------------------------------------- events

    private CompletableFuture<?> onUsername(SocketIOClient client, Object data, AckRequest ack) {
        Map<String, Object> m = Payloads.object(data);
        boolean delivery = Integer.valueOf(1).equals(m.get(DELIVERY));
        if (delivery) client.set(SocketOutbox.DELIVERY_ATTRIBUTE, true);
        boolean notices = Integer.valueOf(1).equals(m.get(NOTICES));
        if (notices) client.set(SocketOutbox.NOTICES_ATTRIBUTE, true);
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
        String key = secret(m, "key");
        String resume = secret(m, "resume");
        String current = client.get(CHAT_ATTRIBUTE);
        if (current != null) {
            throw new BadPayload("this connection already carries chat " + current + "; a second username is ignored");
        }
        boolean botKey;
        try {
            botKey = proveBot(client, botId, key);
        } catch (DeskException e) {
            refuseUsername(client, ack, e, conversationId, botId, false);
            return null;
        }
        OpenChat open =
                new OpenChat(conversationId, botId, department, language, contact, delivery, botKey, resume, notices);
        Desk.OpenRequest request =
                new Desk.OpenRequest(open, outbox.register(client), botKey ? null : gate.addressOf(client));
        // in delivery mode the answer may come after this listener returns: netty-socketio must not answer it
        AckRequest answer = delivery ? DeferredAck.defer(ack) : ack;
        return desk.openChat(request)
                .whenComplete((opened, failure) -> guard(
                        client,
                        LiveAgentEvents.USERNAME,
                        () -> {
                            if (failure == null) {
                                opened(client, answer, opened, delivery);
                                return;
                            }
                            RuntimeException e = Guard.unchecked(failure);
                            if (!(e instanceof DeskException refused) || !DOORS.contains(refused.code())) throw e;
                            refuseUsername(
                                    client, answer, refused, conversationId, botId, KeylessChats.refused(refused));
                        },
                        (code, message) -> refuse(client, answer, null, code, message)));
    }

    /** The desk opened the chat: the connection it replaced is closed, then the history asked for and the answer. */
    private void opened(SocketIOClient client, AckRequest ack, Desk.Opened opened, boolean delivery) {
        SocketIOClient previous = outbox.connection(opened.replaced());
        if (previous != null) {
            log.info(
                    "{} chat {}: connection {} from {} resumed it with its resume token; connection {} is closed",
                    NS,
                    opened.chatId(),
                    client.getSessionId(),
                    gate.addressOf(client),
                    previous.getSessionId());
            close(previous);
        }
        gate.identified(client);
        if (opened.needsHistory()) client.sendEvent(LiveAgentEvents.MESSAGES);
        if (!delivery) return;
        String chatId = opened.chatId();
        desk.durable().whenComplete((v, failure) -> {
            if (failure != null) {
                log.error("{} chat {}: the chat could not be stored durably: {}", NS, chatId, failure.toString());
                refuse(client, ack, null, DeskError.Code.INTERNAL, "the chat could not be stored");
                return;
            }
            Map<String, Object> ok = new LinkedHashMap<>();
            ok.put("ok", true);
            ok.put("chatId", chatId);
            if (opened.resume() != null) ok.put("resume", opened.resume());
            if (ack.isAckRequested()) ack.sendAckData(ok);
            desk.userReady(chatId).whenComplete((r, e) -> {
                if (e != null) log.warn("{} chat {}: not made ready: {}", NS, chatId, e.toString());
            });
        });
    }

    /**
     * The rating addition's {@code rate_chat}, on a connection that carries no chat: the payload is read here, the
     * bot proved as for {@code username}; the chat, its resume token and the store are a worker's; the answer
     * ({@code ok: true} once durable, or the refusal) comes from there, then the connection is closed.
     */
    private void onRateChat(SocketIOClient client, Object data, AckRequest ack) {
        if (client.get(CHAT_ATTRIBUTE) != null) {
            throw new BadPayload("this connection carries a chat; rate_chat comes on a connection of its own");
        }
        Map<String, Object> m = Payloads.object(data);
        String conversationId = Payloads.string(m, "ConversationID", true);
        String botId = Payloads.string(m, "BotID", true);
        proveBot(client, botId, null);
        Object chatId = m.get("chatId");
        Object resume = m.get("resume");
        Object rating = m.get("rating");
        Object comment = m.get("comment");
        if (comment != null && !(comment instanceof String)) {
            throw new DeskException(DeskError.Code.INVALID_RATING, "'comment' must be text");
        }
        ChatRating r = new ChatRating(
                conversationId,
                botId,
                chatId instanceof String s ? s : null,
                resume instanceof String s ? s : null,
                rating instanceof Integer i ? i : null,
                (String) comment);
        AckRequest later = DeferredAck.defer(ack);
        try {
            ratings.execute(() -> rate(client, later, r));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            answerRating(client, later, DeskError.Code.BUSY, "too many ratings at once; try again shortly");
        }
    }

    /** On a rating worker: checks and stores the rating, then answers and closes the connection. */
    private void rate(SocketIOClient client, AckRequest ack, ChatRating r) {
        desk.rate(r).whenComplete((v, failure) -> {
            if (failure == null) {
                Map<String, Object> ok = new LinkedHashMap<>();
                ok.put("ok", true);
                if (ack.isAckRequested()) ack.sendAckData(ok);
                close(client);
                return;
            }
            RuntimeException cause = Guard.unchecked(failure);
            if (cause instanceof DeskException e) {
                log.info(
                        "{} {} from {} ({}): chat {} not rated ({}): {}",
                        NS,
                        LiveAgentEvents.RATE_CHAT,
                        client.getSessionId(),
                        gate.addressOf(client),
                        Payloads.abbreviate(r.chatId()),
                        e.code().wire(),
                        e.getMessage());
                answerRating(client, ack, e.code(), e.getMessage());
            } else {
                log.error(
                        "{} {}: chat {}: failed: {}",
                        NS,
                        LiveAgentEvents.RATE_CHAT,
                        r.chatId(),
                        Guard.mask(cause.toString()),
                        Guard.masked(cause));
                answerRating(client, ack, DeskError.Code.INTERNAL, "the rating could not be stored");
            }
        });
    }

    /** {@code rate_chat}'s refusal, {@code ok: false}, then the connection is closed: it carries nothing else. */
    private static void answerRating(SocketIOClient client, AckRequest ack, DeskError.Code code, String message) {
        if (ack.isAckRequested()) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("ok", false);
            answer.put("error", Map.of("code", code.wire(), "message", message));
            ack.sendAckData(answer);
        }
        close(client);
    }

    private CompletableFuture<?> onHistory(SocketIOClient client, Object data) {
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
        return failures(client, LiveAgentEvents.MESSAGES_TO_CLIENT, desk.recordHistory(chatId, entries), null);
    }

    /**
     * A {@code from_user} in its turn. In delivery mode it is answered once durable, or refused; one that came after a
     * {@code from_user} refused {@code busy} in its turn is refused {@code busy} without reaching the desk ({@link
     * EventLimit}). The future returned, which the next event's turn waits for, completes only once a refusal is
     * answered and its hold set, so no later {@code from_user} reaches the desk before the hold is known.
     */
    private CompletableFuture<?> onFromUser(
            SocketIOClient client, Object data, String id, EventLimit.FromUser taken, AckRequest ack) {
        String chatId = chatOf(client);
        Map<String, Object> m = Payloads.object(data);
        String message = Payloads.string(m, "message", true);
        boolean delivery = SocketOutbox.delivery(client);
        if (delivery && id != null && id.length() > MAX_CLIENT_ID)
            throw new BadPayload("'id' is longer than " + MAX_CLIENT_ID + " characters");
        if (!delivery || !ack.isAckRequested()) {
            return failures(
                    client, LiveAgentEvents.FROM_USER, desk.userMessage(chatId, delivery ? id : null, message), null);
        }
        if (heldBack(client, taken)) {
            heldBusy(client, ack, id);
            return null;
        }
        AckRequest later = DeferredAck.defer(ack);
        CompletableFuture<Void> answered = failures(
                client,
                LiveAgentEvents.FROM_USER,
                desk.userMessage(chatId, id, message),
                (code, refusal) -> refuseFromUser(client, later, id, code, refusal, true));
        answered.thenRun(() -> desk.durable().whenComplete((v, failure) -> {
            if (failure != null) {
                refuse(client, later, id, DeskError.Code.INTERNAL, "the message could not be stored");
                return;
            }
            EventLimit limit = client.get(LIMIT_ATTRIBUTE);
            if (limit != null) limit.stored(id);
            Map<String, Object> ok = new LinkedHashMap<>();
            ok.put("ok", true);
            ok.put("id", id);
            later.sendAckData(ok);
        }));
        return answered;
    }

    /**
     * A refused {@code from_user}, answered as {@link #refuse} does; a {@code busy} one (in delivery mode, with an id)
     * first holds every later {@code from_user} of the connection until it comes again ({@link
     * EventLimit#refusedBusy}). {@code ran}: refused in its turn (its desk call ran), not as it arrived.
     */
    private static void refuseFromUser(
            SocketIOClient client, AckRequest ack, String id, DeskError.Code code, String message, boolean ran) {
        if (code == DeskError.Code.BUSY
                && id != null
                && ack != null
                && ack.isAckRequested()
                && SocketOutbox.delivery(client)) {
            EventLimit limit = client.get(LIMIT_ATTRIBUTE);
            if (limit != null) limit.refusedBusy(id, ran);
        }
        refuse(client, ack, id, code, message);
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

    private CompletableFuture<?> onDisconnect(SocketIOClient client) {
        String chatId = client.get(CHAT_ATTRIBUTE);
        String connection = outbox.id(client);
        outbox.forget(client);
        if (chatId == null) return null;
        client.del(CHAT_ATTRIBUTE); // the session's store outlives the namespace: a re-CONNECT starts afresh
        if (stopping.getAsBoolean()) {
            outbox.detachUser(chatId, client);
            return null;
        }
        // detached under the desk's lock, so a takeover racing with this close is never taken for a leave
        CompletableFuture<?> done = failures(client, "disconnect", desk.userDisconnected(chatId, connection), null);
        // whatever the desk decided, this closed connection carries nothing on this node any more
        done.whenComplete((v, e) -> outbox.detachUser(chatId, client));
        return done;
    }

    private static String chatOf(SocketIOClient client) {
        String chatId = client.get(CHAT_ATTRIBUTE);
        if (chatId == null) throw new BadPayload("no 'username' yet on this connection; the event is ignored");
        return chatId;
    }

    private void guard(SocketIOClient client, String event, Guard.Handler handler, Guard.OnRefused onRefused) {
        Guard.run(log, NS, event, client, who(client), handler, onRefused);
    }

    /** An event's handler: its desk call, or {@code null} when it made none. May throw (a refusal, a bad payload). */
    private interface Handler {
        CompletableFuture<?> handle(AckRequest ack);
    }

    /**
     * An event's refusal, answered on the acknowledgement in use. {@code ran}: refused in its turn of the {@link
     * CallChain} (the handler ran), not as it arrived (the chain was full).
     */
    private interface Refusal {
        void refused(AckRequest ack, DeskError.Code code, String message, boolean ran);
    }

    /**
     * Runs the handler in the connection's {@link CallChain}, guarded ({@link Guard}); a chain with too many
     * events waiting refuses it with {@code busy}, unless it {@code mustRun}.
     */
    private void chained(
            SocketIOClient client, String event, AckRequest ack, boolean mustRun, Handler handler, Refusal refusal) {
        guard(
                client,
                event,
                () -> calls(client).then(ack, mustRun, a -> {
                    AtomicReference<CompletableFuture<?>> call = new AtomicReference<>();
                    guard(client, event, () -> call.set(handler.handle(a)), (c, m) -> refusal.refused(a, c, m, true));
                    return call.get();
                }),
                (c, m) -> refusal.refused(ack, c, m, false));
    }

    private static CallChain calls(SocketIOClient client) {
        CallChain calls = client.get(CALLS_ATTRIBUTE);
        if (calls == null) {
            calls = new CallChain(); // not connected through the connect listener
            client.set(CALLS_ATTRIBUTE, calls);
        }
        return calls;
    }

    /**
     * The desk call's failure handled as if thrown by the handler: logged ({@link Guard}) and, with {@code onRefused},
     * answered. Returns a future that completes as the call does, once that is done: the next step of the connection's
     * {@link CallChain} waits for it, so it never runs before a refusal is answered (a dependent of the call itself
     * may run before another one).
     */
    private <T> CompletableFuture<T> failures(
            SocketIOClient client, String event, CompletableFuture<T> call, Guard.OnRefused onRefused) {
        return call.whenComplete((v, failure) -> {
            if (failure != null)
                guard(
                        client,
                        event,
                        () -> {
                            throw Guard.unchecked(failure);
                        },
                        (c, m) -> {
                            if (onRefused != null) onRefused.refused(c, m);
                        });
        });
    }

    private static String who(SocketIOClient client) {
        String chatId = client.get(CHAT_ATTRIBUTE);
        return chatId == null ? "no chat yet" : "chat " + chatId;
    }
}
