package dev.handoff.liveagent.socketio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.LongNode;
import dev.handoff.liveagent.DeliveryState;
import dev.handoff.liveagent.HandoffRequest;
import dev.handoff.liveagent.LiveAgentFailure;
import dev.handoff.liveagent.LiveAgentListener;
import dev.handoff.liveagent.LiveAgentSession;
import dev.handoff.liveagent.LiveAgentUrls;
import dev.handoff.protocol.AgentStatusPayload;
import dev.handoff.protocol.Contact;
import dev.handoff.protocol.DeliveryAck;
import dev.handoff.protocol.FromUserPayload;
import dev.handoff.protocol.LiveAgentEvents;
import dev.handoff.protocol.MessagesToClientPayload;
import dev.handoff.protocol.StartConversationPayload;
import dev.handoff.protocol.TranscriptEntry;
import dev.handoff.protocol.UsernamePayload;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One conversation's Socket.IO connection: the live-agent protocol over a {@link Wire}, whichever transport
 * carries it, and to whichever of the server's URLs ({@link FailoverWire} with several): the resume token and the
 * unacknowledged messages are the chat's on the desk, presented to whichever node the connection reaches.
 *
 * <p>Threading: every field below marked "event thread" is read and written only on the wire's thread, which
 * also delivers the socket's events, its acknowledgements and its timers. Public methods hop onto it with {@link
 * Wire#execute}, so a {@link #send} racing with the {@code startConversation} flush is ordered by that one queue.
 * Nothing blocks there: listener calls go to {@link #callbacks}.
 *
 * <p>Delivery mode (README, "The delivery addition") is decided per connection: when the server's
 * {@code startConversation} offers {@code {"delivery": 1}}, {@code username} accepts it and waits for
 * its acknowledgement, every {@code from_user} carries an id and is kept until acknowledged, and
 * every {@code to_user} is acknowledged and deduplicated by id. Otherwise the connection speaks
 * PROTOCOL.md exactly as it always did.
 *
 * <p>Notices mode (README, "The notices addition") is decided the same way, on its own: when {@code
 * startConversation} offers {@code {"notices": 1}}, {@code username} accepts it with {@code "notices": 1}
 * and {@code queue_position} and {@code agent_joined} reach the listener; otherwise they are ignored.
 *
 * <p>Stall watch: the wire reports every Engine.IO packet received (pings included); an open connection silent
 * for {@link SocketIoSettings#stallTimeout()} while a ping or an acknowledgement is due is dropped at the
 * transport ({@link Wire#drop()}), which the wire takes for a dropped connection and reconnects.
 */
final class SocketIoSession implements LiveAgentSession {
    private static final Logger log = LoggerFactory.getLogger(SocketIoSession.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KNOWN_EVENTS = Set.of(
            LiveAgentEvents.START_CONVERSATION,
            LiveAgentEvents.MESSAGES,
            LiveAgentEvents.TO_USER,
            LiveAgentEvents.DISCONNECT_SOCKET,
            LiveAgentEvents.AGENT_STATUS,
            LiveAgentEvents.QUEUE_POSITION,
            LiveAgentEvents.AGENT_JOINED,
            LiveAgentEvents.DESK_ERROR);
    /** The server's code for a {@code from_user} over its rate: kept and sent again, never "not delivered". */
    static final String RATE_LIMITED = "rate_limited";
    /** The server's code for a {@code from_user} it cannot take now (it is behind): as {@link #RATE_LIMITED}. */
    static final String BUSY = "busy";
    /** The refusals of a {@code from_user} that are not final: nothing was changed, it is sent again later. */
    private static final Set<String> NOT_FINAL = Set.of(RATE_LIMITED, BUSY);
    /** The first wait before sending again after a refusal that is not final; it doubles up to {@link #BACKOFF_MAX_MS}. */
    private static final long BACKOFF_MS = 250;

    /**
     * The listener calls one session may have waiting: at this many, its connection is dropped (as a stalled one),
     * so that no more events come until it is back, after the backoff. Nothing already received is dropped.
     */
    static final int MAX_LISTENER_BACKLOG = 1_000;

    private static final long BACKOFF_MAX_MS = 5_000;

    private enum Phase {
        /** Until the first {@code username}. */
        CONNECTING,
        /** {@code username} sent (acknowledged, in delivery mode) on the current connection. */
        CONNECTED,
        /** An established connection dropped; until {@code username} is sent (acknowledged) again. */
        RECONNECTING,
        /** Ended, failed or closed: nothing more happens. */
        DONE
    }

    private final SocketIoLiveAgentClient client;
    private final HandoffRequest request;
    private final LiveAgentListener listener;
    private final String conversationId;
    private final SerialExecutor callbacks;
    private final Wire wire;
    private final String usernameJson;
    private final String noticesUsernameJson;
    private final UsernamePayload deliveryUsername;
    private final UsernamePayload deliveryNoticesUsername;
    private final String messagesToClientJson;
    /** Makes this session's message ids unique within the conversation, across handoffs and restarts. */
    private final String idPrefix;

    private volatile boolean silenced;
    /** Whether the current connection is in notices mode; read by the listener ({@link #reportsQueue()}). */
    private volatile boolean notices;
    /** Whether the current connection's server offered the rating addition (in delivery mode). */
    private volatile boolean rating;

    // event thread
    private Phase phase = Phase.CONNECTING;
    /** Why the session failed (wire thread), or {@code null}: a message that comes after is told not delivered. */
    private LiveAgentFailure failedWith;
    /** Legacy: {@code username} sent on this connection; delivery mode: and acknowledged with {@code ok}. */
    private boolean ready;
    /** Whether the current connection is in delivery mode (decided by its {@code startConversation}). */
    private boolean delivery;
    /** Counts connections ({@code startConversation}s and drops), so a late acknowledgement is recognised. */
    private long connectionEpoch;
    /** User messages not yet known delivered, by id, oldest first: kept until sent (legacy) or acknowledged. */
    private final Map<String, String> unacked = new LinkedHashMap<>();

    private long lastMessageId;
    /** Numbers user message ids; any thread. */
    private final AtomicLong messageNumbers = new AtomicLong();
    /** The highest {@code to_user} id handed to the listener. */
    private long lastToUserId = Long.MIN_VALUE;
    /** The desk's chat for this conversation (delivery mode): a new one numbers its {@code to_user} anew. */
    private String chatId;
    /** The chat's resume token from the last {@code username} acknowledgement, presented on every reconnect. */
    private String resumeToken;
    /**
     * A {@code from_user} was refused {@code rate_limited} or {@code busy} on this connection: new messages wait, and
     * every unacknowledged one is sent again, in order, after {@code backoffMillis}.
     */
    private boolean backingOff;

    private long backoffMillis;

    private Wire.Cancellable deadline;
    private long deadlineEpoch;
    /** When the last Engine.IO packet of any kind arrived ({@link System#nanoTime()}). */
    private long lastReceived;
    /** The server's Engine.IO ping interval from the handshake, or 0 while unknown. */
    private long pingIntervalMillis;
    /** Acknowledgements awaited on the current connection, and since when (the oldest, or the last progress). */
    private int acksAwaited;

    private long awaitingSince;
    private Wire.Cancellable stallCheck;
    private long stallEpoch;
    private Object lastConnectError;
    /**
     * Unreachable URLs in a row while connecting: once every URL was (the wire tries them in turn), the handoff fails
     * at once.
     */
    private int unreachableInARow;

    SocketIoSession(SocketIoLiveAgentClient client, HandoffRequest request, LiveAgentListener listener) {
        this.client = client;
        this.request = request;
        this.listener = listener;
        this.conversationId = request.conversationId();
        this.callbacks = new SerialExecutor(client.listenerPool());
        this.usernameJson = toJson(username(request, null, null));
        this.noticesUsernameJson = toJson(username(request, null, StartConversationPayload.NOTICES));
        this.deliveryUsername = username(request, StartConversationPayload.DELIVERY, null);
        this.deliveryNoticesUsername =
                username(request, StartConversationPayload.DELIVERY, StartConversationPayload.NOTICES);
        this.messagesToClientJson = toJson(new MessagesToClientPayload(
                request.transcript().stream().map(SocketIoSession::entry).toList(), request.botId()));
        this.wire = wire(client, request, new Handlers());
        DeliveryState resume = request.resume();
        if (resume == null) {
            this.idPrefix = UUID.randomUUID().toString().substring(0, 8);
        } else {
            // an earlier process's session: the same chat and token, its messages not yet acknowledged with their
            // ids; new messages get ids of a new prefix, so none can be one the earlier process sent just before
            // it died, before its store had the id (the desk would take the new message for that one again)
            this.idPrefix = UUID.randomUUID().toString().substring(0, 8);
            this.lastToUserId = resume.lastAgentMessageId();
            this.chatId = resume.chatId();
            this.resumeToken = resume.resumeToken();
            resume.unacknowledged().forEach(m -> unacked.put(m.id(), m.text()));
        }
    }

    /** The delivery state now (event thread). */
    private DeliveryState deliveryState() {
        return new DeliveryState(
                chatId,
                resumeToken,
                lastToUserId,
                idPrefix,
                lastMessageId,
                unacked.entrySet().stream()
                        .map(e -> new DeliveryState.UserMessage(e.getKey(), e.getValue()))
                        .toList());
    }

    /** Tells the listener the delivery state changed (event thread). */
    private void reportDeliveryState() {
        DeliveryState state = deliveryState();
        call(l -> l.onDeliveryState(state));
    }

    private static UsernamePayload username(HandoffRequest request, Integer delivery, Integer notices) {
        return new UsernamePayload(
                request.conversationId(),
                request.botId(),
                request.department(),
                request.language(),
                contact(request.contact()),
                delivery,
                null,
                null,
                notices);
    }

    /** The port's contact as the wire's; none at all is left out of {@code username}. */
    private static Contact contact(HandoffRequest.Contact contact) {
        return contact.isEmpty() ? null : new Contact(contact.name(), contact.email(), contact.phone());
    }

    private static TranscriptEntry entry(HandoffRequest.Line line) {
        return line.fromUser() ? TranscriptEntry.user(line.text()) : TranscriptEntry.bot(line.text());
    }

    /**
     * The session's wire: to its one URL's namespace as the client's factory makes it, or, with several URLs, a
     * {@link FailoverWire} over them (README "Several live-agent URLs").
     */
    private static Wire wire(SocketIoLiveAgentClient client, HandoffRequest request, Wire.Events events) {
        LiveAgentUrls urls = request.liveAgentUrls();
        if (urls.size() == 1) {
            return client.wires()
                    .create(namespaceUri(urls.first()), request.key(), request.connectTimeout(), true, events);
        }
        return new FailoverWire(
                client.wires(),
                client.settings(),
                urls.urls().stream().map(SocketIoSession::namespaceUri).toList(),
                request.key(),
                request.connectTimeout(),
                events,
                "conversation " + request.conversationId());
    }

    static URI namespaceUri(URI liveAgentUrl) {
        String base = liveAgentUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + LiveAgentEvents.NAMESPACE);
    }

    /** The wire's reports, each guarded: it never throws onto the wire thread and does nothing once done. */
    private final class Handlers implements Wire.Events {
        @Override
        public void onConnect() {
            guarded("connect", SocketIoSession.this::onConnect);
        }

        @Override
        public void onConnectError(JsonNode refusal, Throwable cause) {
            guarded("connect_error", () -> SocketIoSession.this.onConnectError(refusal, cause));
        }

        @Override
        public void onDisconnect(String reason) {
            guarded("disconnect", () -> SocketIoSession.this.onDisconnect(reason));
        }

        @Override
        public void onEvent(String event, JsonNode payload, Consumer<String> ack) {
            guarded(event, () -> {
                dispatch(event, payload, ack);
                checkBacklog(event);
            });
        }

        @Override
        public void onPacket(long pingIntervalMillis) {
            guarded("packet", () -> {
                lastReceived = System.nanoTime();
                if (pingIntervalMillis > 0) {
                    SocketIoSession.this.pingIntervalMillis = pingIntervalMillis;
                }
            });
        }

        @Override
        public void onReconnectAttempt(int attempt) {
            log.debug("conversation {}: reconnection attempt {}", conversationId, attempt);
        }
    }

    private void dispatch(String event, JsonNode payload, Consumer<String> ack) {
        switch (event) {
            case LiveAgentEvents.START_CONVERSATION -> onStartConversation(payload);
            case LiveAgentEvents.MESSAGES -> onMessages();
            case LiveAgentEvents.TO_USER -> onToUser(payload, ack);
            case LiveAgentEvents.AGENT_STATUS -> onAgentStatus(payload);
            case LiveAgentEvents.QUEUE_POSITION -> onQueuePosition(payload);
            case LiveAgentEvents.AGENT_JOINED -> onAgentJoined(payload);
            case LiveAgentEvents.DESK_ERROR -> onDeskError(payload);
            case LiveAgentEvents.DISCONNECT_SOCKET -> onDisconnectSocket();
            default -> {
                if (!KNOWN_EVENTS.contains(event)) {
                    log.debug("conversation {}: ignoring unknown event '{}'", conversationId, event);
                }
            }
        }
    }

    /** Runs a handler (of an event or an acknowledgement) so that it never throws and does nothing once done. */
    private void guarded(String what, Runnable handler) {
        if (phase == Phase.DONE) {
            return;
        }
        try {
            handler.run();
        } catch (RuntimeException e) {
            log.warn("conversation {}: failed to handle '{}'; ignoring it", conversationId, what, e);
        }
    }

    void start() {
        wire.execute(() -> {
            if (phase == Phase.DONE) {
                return;
            }
            armDeadline(request.connectTimeout());
            log.debug(
                    "conversation {}: connecting to {}{}",
                    conversationId,
                    namespaceUri(request.liveAgentUrls().first()),
                    request.liveAgentUrls().size() == 1
                            ? ""
                            : " (the first of " + request.liveAgentUrls() + ", tried in turn)");
            wire.connect();
        });
    }

    @Override
    public void send(String userMessage) {
        sendWithId(userMessage);
    }

    /** The id is given here, on the caller's thread, so the caller can store it with the message. */
    @Override
    public String sendWithId(String userMessage) {
        Outgoing out = prepare(userMessage);
        out.send();
        return out.id();
    }

    /** The id is given here, on the caller's thread; the message is queued for the socket by {@code send()}. */
    @Override
    public Outgoing prepare(String userMessage) {
        Objects.requireNonNull(userMessage, "userMessage");
        long number = messageNumbers.incrementAndGet();
        String id = idPrefix + "-" + number;
        return new Outgoing(id, () -> queue(number, id, userMessage));
    }

    private void queue(long number, String id, String userMessage) {
        wire.execute(() -> {
            if (phase == Phase.DONE) {
                log.warn(
                        "conversation {}: the live-agent session is over; a user message was not sent", conversationId);
                LiveAgentFailure failure = failedWith;
                // sent while the failure was being reported (a server that refuses at once): never dropped silently
                if (failure != null)
                    call(l -> l.onNotDelivered(
                            userMessage,
                            failure.kind().name().toLowerCase(java.util.Locale.ROOT),
                            "the live-agent handoff failed: " + failure.detail()));
            } else {
                lastMessageId = Math.max(lastMessageId, number);
                unacked.put(id, userMessage);
                if (ready && !backingOff && wire.connected()) {
                    emitFromUser(id, userMessage);
                }
                reportDeliveryState();
            }
        });
    }

    @Override
    public void close() {
        silenced = true;
        wire.execute(() -> {
            if (phase == Phase.DONE) {
                return;
            }
            log.debug("conversation {}: closed by the bot", conversationId);
            if (!unacked.isEmpty()) {
                log.info(
                        "conversation {}: closed with {} user message(s) not delivered",
                        conversationId,
                        unacked.size());
            }
            finish();
        });
    }

    // ---- events (event thread) ----

    private void onConnect() {
        log.debug("conversation {}: connected, waiting for {}", conversationId, LiveAgentEvents.START_CONVERSATION);
        lastReceived = System.nanoTime();
        acksAwaited = 0;
        unreachableInARow = 0;
        armStallCheck(client.settings().stallTimeout().toNanos());
    }

    private void onStartConversation(JsonNode payload) {
        long epoch = ++connectionEpoch;
        ready = false;
        backingOff = false;
        lastConnectError = null;
        StartConversationPayload offer = offer(payload);
        delivery = client.settings().delivery() && offer.offersDelivery();
        notices = offer.offersNotices();
        rating = delivery && offer.offersRating();
        if (!delivery) {
            wire.emit(LiveAgentEvents.USERNAME, notices ? noticesUsernameJson : usernameJson);
            accepted();
            return;
        }
        log.debug("conversation {}: the server offers the delivery addition", conversationId);
        // the resume token proves this is the chat's own client, also while the desk still holds the old connection
        UsernamePayload username = notices ? deliveryNoticesUsername : deliveryUsername;
        wire.emit(
                LiveAgentEvents.USERNAME,
                toJson(username.withResume(resumeToken)),
                ack(LiveAgentEvents.USERNAME, answer -> onUsernameAck(epoch, answer)));
    }

    private void onUsernameAck(long epoch, JsonNode args) {
        if (epoch != connectionEpoch) {
            log.debug("conversation {}: ignoring the acknowledgement of an earlier username", conversationId);
            return;
        }
        DeliveryAck answer = parseAck(args);
        if (answer == null) {
            fail(
                    LiveAgentFailure.Kind.REFUSED,
                    "malformed acknowledgement of " + LiveAgentEvents.USERNAME + ": " + describe(args));
        } else if (!answer.ok()) {
            fail(
                    LiveAgentFailure.Kind.REFUSED,
                    "the server refused the chat"
                            + (answer.error() == null
                                    ? ""
                                    : ": " + answer.error().message() + " ["
                                            + answer.error().code() + "]"));
        } else {
            log.debug("conversation {}: chat {} accepted", conversationId, answer.chatId());
            if (chatId != null && !chatId.equals(answer.chatId())) {
                // the desk archived the old chat while we were away: its ids start again
                log.info(
                        "conversation {}: the desk opened a new chat {} (was {})",
                        conversationId,
                        answer.chatId(),
                        chatId);
                lastToUserId = Long.MIN_VALUE;
            }
            chatId = answer.chatId();
            if (answer.resume() != null) {
                resumeToken = answer.resume();
            }
            reportDeliveryState();
            accepted();
        }
    }

    /** {@code username} was sent (legacy) or acknowledged (delivery mode): deliver what is kept. */
    private void accepted() {
        ready = true;
        int flushed = unacked.size();
        for (String id : new ArrayList<>(unacked.keySet())) {
            emitFromUser(id, unacked.get(id));
        }
        switch (phase) {
            case CONNECTING -> {
                phase = Phase.CONNECTED;
                cancelDeadline();
                log.info("conversation {}: handed off to the live agent", conversationId);
                call(LiveAgentListener::onConnected);
            }
            case RECONNECTING -> {
                phase = Phase.CONNECTED;
                cancelDeadline();
                log.info(
                        "conversation {}: live-agent connection is back ({} kept message(s) delivered)",
                        conversationId,
                        flushed);
                call(LiveAgentListener::onReconnected);
            }
            default -> log.debug(
                    "conversation {}: {} again on the same connection; username re-sent",
                    conversationId,
                    LiveAgentEvents.START_CONVERSATION);
        }
    }

    private void onMessages() {
        wire.emit(LiveAgentEvents.MESSAGES_TO_CLIENT, messagesToClientJson);
    }

    private void onToUser(JsonNode payload, Consumer<String> ack) {
        if (payload != null && payload.path("message").isTextual()) {
            String text = payload.path("message").textValue();
            JsonNode id = payload.path("id");
            if (!delivery || !id.isNumber()) {
                call(l -> l.onAgentMessage(text));
                return;
            }
            long messageId = id.longValue();
            if (messageId > lastToUserId) {
                lastToUserId = messageId;
                DeliveryState state = deliveryState();
                // acknowledged once the listener has it (and has stored it, if it stores): never lost by a restart
                call(l -> {
                    l.onAgentMessage(text, state);
                    if (ack != null) {
                        wire.execute(() -> acknowledgeToUser(ack, messageId));
                    }
                });
            } else {
                log.debug("conversation {}: dropping to_user {} delivered already", conversationId, messageId);
                if (ack != null) {
                    // behind the deliveries still with the listener, so acknowledgements keep the messages' order
                    callbacks.execute(() -> wire.execute(() -> acknowledgeToUser(ack, messageId)));
                }
            }
            return;
        }
        log.warn(
                "conversation {}: ignoring malformed '{}' payload {} (expected {\"message\": string})",
                conversationId,
                LiveAgentEvents.TO_USER,
                describe(payload));
    }

    private void acknowledgeToUser(Consumer<String> ack, long messageId) {
        if (phase != Phase.DONE) {
            ack.accept(toJson(new DeliveryAck(true, LongNode.valueOf(messageId), null, null)));
        }
    }

    private void onAgentStatus(JsonNode payload) {
        if (!delivery) {
            log.debug(
                    "conversation {}: ignoring '{}' outside delivery mode",
                    conversationId,
                    LiveAgentEvents.AGENT_STATUS);
        } else if (payload != null
                && AgentStatusPayload.AWAY.equals(payload.path("status").textValue())) {
            call(LiveAgentListener::onAgentAway);
        } else if (payload != null
                && AgentStatusPayload.BACK.equals(payload.path("status").textValue())) {
            call(LiveAgentListener::onAgentBack);
        } else {
            log.warn(
                    "conversation {}: ignoring malformed '{}' payload {} (expected {\"status\": \"away\" | \"back\"})",
                    conversationId,
                    LiveAgentEvents.AGENT_STATUS,
                    describe(payload));
        }
    }

    /** The notices addition's {@code queue_position {"position", "department"}}. */
    private void onQueuePosition(JsonNode payload) {
        if (!notices) {
            log.debug(
                    "conversation {}: ignoring '{}' outside notices mode",
                    conversationId,
                    LiveAgentEvents.QUEUE_POSITION);
        } else if (payload != null
                && payload.path("position").isNumber()
                && payload.path("position").longValue() >= 1
                && payload.path("position").longValue() <= Integer.MAX_VALUE) {
            int position = payload.path("position").intValue();
            call(l -> l.onQueuePosition(position));
        } else {
            log.warn(
                    "conversation {}: ignoring malformed '{}' payload {} (expected {\"position\": a number from 1})",
                    conversationId,
                    LiveAgentEvents.QUEUE_POSITION,
                    describe(payload));
        }
    }

    /** The notices addition's {@code agent_joined {"agent", "language"}}. */
    private void onAgentJoined(JsonNode payload) {
        if (!notices) {
            log.debug(
                    "conversation {}: ignoring '{}' outside notices mode",
                    conversationId,
                    LiveAgentEvents.AGENT_JOINED);
        } else if (payload != null
                && payload.path("agent").isTextual()
                && !payload.path("agent").textValue().isBlank()) {
            String agent = payload.path("agent").textValue().strip();
            call(l -> l.onAgentJoined(agent));
        } else {
            log.warn(
                    "conversation {}: ignoring malformed '{}' payload {} (expected {\"agent\": string})",
                    conversationId,
                    LiveAgentEvents.AGENT_JOINED,
                    describe(payload));
        }
    }

    @Override
    public boolean reportsQueue() {
        return notices;
    }

    @Override
    public boolean offersRating() {
        return rating;
    }

    /** Our desk's refusal of {@code username} outside delivery mode (then it disconnects): a failed handoff. */
    private void onDeskError(JsonNode payload) {
        if (payload != null
                && LiveAgentEvents.USERNAME.equals(payload.path("event").textValue())) {
            fail(
                    LiveAgentFailure.Kind.REFUSED,
                    "the server refused the chat: " + payload.path("message").asText("") + " ["
                            + payload.path("code").asText("") + "]");
        } else {
            log.debug(
                    "conversation {}: ignoring '{}' {}", conversationId, LiveAgentEvents.DESK_ERROR, describe(payload));
        }
    }

    private void onDisconnectSocket() {
        log.info("conversation {}: the live agent ended the chat", conversationId);
        List<String> notDelivered = List.copyOf(unacked.values());
        if (!notDelivered.isEmpty()) {
            log.warn(
                    "conversation {}: chat ended with {} user message(s) not delivered",
                    conversationId,
                    notDelivered.size());
        }
        finish();
        for (String message : notDelivered) {
            call(l -> l.onNotDelivered(message, "chat_ended", "the chat ended before the agent got it"));
        }
        call(LiveAgentListener::onEnded);
    }

    private void onDisconnect(String reason) {
        ready = false;
        connectionEpoch++;
        stopStallWatch();
        if (Wire.CLIENT_DISCONNECT.equals(reason)) {
            return;
        }
        if (phase == Phase.CONNECTED) {
            phase = Phase.RECONNECTING;
            armDeadline(request.reconnectTimeout());
            log.warn(
                    "conversation {}: live-agent connection dropped ({}); reconnecting for up to {}",
                    conversationId,
                    reason,
                    request.reconnectTimeout());
            call(LiveAgentListener::onReconnecting);
        } else {
            log.debug("conversation {}: connection dropped ({}) while {}", conversationId, reason, phase);
        }
        if (Wire.SERVER_DISCONNECT.equals(reason)) {
            // the client does not reconnect by itself after a server-side disconnect
            reconnectLater();
        }
    }

    private void onConnectError(JsonNode refusal, Throwable error) {
        lastConnectError = refusal != null ? refusal : error;
        if (refusal != null) {
            String code = refusalCode(refusal);
            fail(
                    LiveAgentFailure.Kind.REFUSED,
                    "the server refused the connection: "
                            + (refusal.has("message") ? refusal.path("message").asText() : describe(refusal))
                            + (code == null ? "" : " [" + code + "]"));
        } else {
            unreachableInARow = isUnreachable(error) ? unreachableInARow + 1 : 0;
            if (phase == Phase.CONNECTING
                    && unreachableInARow >= request.liveAgentUrls().size()) {
                // nothing listens at any of the URLs (or their hosts are unknown): retrying until the connect
                // timeout would only keep the user waiting for a failure that is already certain
                fail(LiveAgentFailure.Kind.UNREACHABLE, describe(error));
            } else {
                log.debug("conversation {}: connect error while {}: {}", conversationId, phase, describe(error));
            }
        }
    }

    /**
     * The code of a namespace refusal ({@code CONNECT_ERROR}): {@code data.code} (Socket.IO v5's place for
     * error details: {@code invalid_key}, {@code origin_not_allowed}, {@code over_capacity}), else a
     * top-level {@code code}, else {@code null}.
     */
    static String refusalCode(JsonNode refusal) {
        JsonNode data = refusal.get("data");
        JsonNode code = data != null && data.isObject() ? data.get("code") : refusal.get("code");
        return code != null && code.isTextual() ? code.textValue() : null;
    }

    private void onDeadline(long epoch) {
        if (epoch != deadlineEpoch || phase == Phase.DONE) {
            return;
        }
        if (phase == Phase.CONNECTING) {
            boolean unreachable = isUnreachable(lastConnectError);
            fail(
                    unreachable ? LiveAgentFailure.Kind.UNREACHABLE : LiveAgentFailure.Kind.TIMEOUT,
                    "no " + LiveAgentEvents.START_CONVERSATION + " within " + request.connectTimeout()
                            + (lastConnectError == null ? "" : " (last error: " + describe(lastConnectError) + ")"));
        } else if (phase == Phase.RECONNECTING) {
            fail(
                    LiveAgentFailure.Kind.LOST,
                    "not back within " + request.reconnectTimeout()
                            + (lastConnectError == null ? "" : " (last error: " + describe(lastConnectError) + ")"));
        }
    }

    // ---- helpers (event thread) ----

    private void fail(LiveAgentFailure.Kind kind, String detail) {
        LiveAgentFailure failure = new LiveAgentFailure(kind, detail);
        failedWith = failure;
        List<String> undelivered = List.copyOf(unacked.values());
        log.warn(
                "conversation {}: live-agent handoff failed: {} ({} undelivered message(s))",
                conversationId,
                failure,
                undelivered.size());
        finish();
        call(l -> l.onFailed(failure, undelivered));
    }

    /** The one way to DONE: stops timers, closes the connection, forgets the session. */
    private void finish() {
        phase = Phase.DONE;
        ready = false;
        unacked.clear();
        cancelDeadline();
        stopStallWatch();
        client.forget(this); // before the close: once the server sees it, the session is no longer counted open
        wire.close();
    }

    private void reconnectLater() {
        long delay = client.settings().reconnectionDelay().toMillis();
        wire.schedule(
                () -> {
                    if (phase != Phase.DONE && !wire.connected()) {
                        log.debug("conversation {}: reconnecting after a server-side disconnect", conversationId);
                        wire.connect();
                    }
                },
                delay,
                TimeUnit.MILLISECONDS);
    }

    private void armDeadline(Duration timeout) {
        cancelDeadline();
        long epoch = ++deadlineEpoch;
        deadline = wire.schedule(() -> onDeadline(epoch), Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    }

    // ---- listener backlog (event thread) ----

    /**
     * Bounds what waits for a listener that does not keep up (blocked, or a server flooding): the event just
     * received is kept, in order, but the connection is closed as if it dropped, so the server stops sending until
     * the reconnect. In delivery mode the server keeps what it could not deliver meanwhile and sends it again; with a
     * plain server it is the drop of any connection (README, the known limit).
     */
    private void checkBacklog(String event) {
        int pending = callbacks.pending();
        if (pending < MAX_LISTENER_BACKLOG || phase == Phase.DONE || !wire.connected()) {
            return;
        }
        log.warn(
                "conversation {}: [listener-backlog] {} listener calls wait (after '{}'); closing the connection, to"
                        + " reconnect after the backoff; nothing received is dropped",
                conversationId,
                pending,
                event);
        stopStallWatch();
        wire.drop();
    }

    // ---- stall watch (event thread) ----

    /**
     * Whether the open connection is stalled: silent for the stall timeout while the server's pings are
     * due (its ping interval is at most three quarters of the timeout) or while an acknowledgement is
     * awaited. A healthy idle connection to a server with long ping intervals is left alone.
     */
    private void checkStall(long epoch) {
        if (epoch != stallEpoch || phase == Phase.DONE || !wire.connected()) {
            return;
        }
        long timeout = client.settings().stallTimeout().toNanos();
        long now = System.nanoTime();
        boolean pingsDue = pingIntervalMillis > 0 && pingIntervalMillis * 4_000_000 <= timeout * 3;
        long silentSince = pingsDue ? lastReceived : acksAwaited > 0 ? Math.max(lastReceived, awaitingSince) : now;
        long silent = now - silentSince;
        if (silent < timeout) {
            armStallCheck(timeout - silent);
            return;
        }
        log.warn(
                "conversation {}: nothing received for {} ms ({}); taking the connection for stalled and reconnecting",
                conversationId,
                TimeUnit.NANOSECONDS.toMillis(silent),
                pingsDue
                        ? "pings are due every " + pingIntervalMillis + " ms"
                        : acksAwaited + " acknowledgement(s) due");
        stopStallWatch();
        wire.drop();
    }

    /** An acknowledgement is now awaited on the current connection. */
    private void awaitingAck() {
        if (acksAwaited++ == 0) {
            awaitingSince = System.nanoTime();
            armStallCheck(client.settings().stallTimeout().toNanos());
        }
    }

    /** An acknowledgement arrived: the connection is alive, and one fewer is awaited. */
    private void ackArrived() {
        acksAwaited = Math.max(0, acksAwaited - 1);
        awaitingSince = System.nanoTime();
    }

    private void armStallCheck(long delayNanos) {
        stopStallWatch();
        long epoch = stallEpoch;
        stallCheck = wire.schedule(() -> checkStall(epoch), Math.max(1, delayNanos), TimeUnit.NANOSECONDS);
    }

    private void stopStallWatch() {
        stallEpoch++;
        if (stallCheck != null) {
            stallCheck.cancel();
            stallCheck = null;
        }
    }

    private void cancelDeadline() {
        deadlineEpoch++;
        if (deadline != null) {
            deadline.cancel();
            deadline = null;
        }
    }

    /** Legacy: sends it and forgets it. Delivery mode: sends it with an id and keeps it until acknowledged. */
    private void emitFromUser(String id, String message) {
        if (!delivery) {
            unacked.remove(id);
            wire.emit(
                    LiveAgentEvents.FROM_USER,
                    toJson(new FromUserPayload(message, request.conversationId(), request.botId(), null)));
            return;
        }
        wire.emit(
                LiveAgentEvents.FROM_USER,
                toJson(new FromUserPayload(message, request.conversationId(), request.botId(), id)),
                ack(LiveAgentEvents.FROM_USER, answer -> onFromUserAck(id, answer)));
    }

    private void onFromUserAck(String id, JsonNode args) {
        DeliveryAck answer = parseAck(args);
        if (answer == null) {
            log.warn(
                    "conversation {}: malformed acknowledgement of from_user {}: {}; it will be sent again",
                    conversationId,
                    id,
                    describe(args));
        } else if (answer.ok()) {
            if (unacked.remove(id) != null) {
                reportDeliveryState();
            }
            if (!backingOff) {
                backoffMillis = 0;
            }
        } else if (answer.error() != null && NOT_FINAL.contains(answer.error().code())) {
            refusedForNow(id, answer.error());
        } else {
            String message = unacked.remove(id);
            if (message != null) {
                DeliveryAck.Error error = answer.error();
                String code = error == null ? null : error.code();
                String reason = error == null ? null : error.message();
                log.warn("conversation {}: the live agent refused user message {}: {}", conversationId, id, error);
                call(l -> l.onNotDelivered(message, code, reason));
                reportDeliveryState();
            }
        }
    }

    /**
     * The server refused {@code from_user} {@code id} for now ({@code rate_limited}: over its rate; {@code busy}: it
     * is behind), and every later one until that one comes again: the message is kept; new messages wait; after a
     * backoff (doubling up to 5 s while it goes on) every unacknowledged message is sent again, in order, from the
     * oldest, on this connection (a reconnect sends them anyway). The user is not told.
     */
    private void refusedForNow(String id, DeliveryAck.Error error) {
        if (backingOff) {
            log.debug("conversation {}: user message {} refused for now too ({})", conversationId, id, error.code());
            return;
        }
        backingOff = true;
        backoffMillis = backoffMillis == 0 ? BACKOFF_MS : Math.min(BACKOFF_MAX_MS, backoffMillis * 2);
        long epoch = connectionEpoch;
        log.info(
                "conversation {}: the live agent's server refused user message {} for now ({}: {}); sending every"
                        + " unacknowledged message again in {} ms",
                conversationId,
                id,
                error.code(),
                error.message(),
                backoffMillis);
        wire.schedule(() -> sendAgainAfterBackoff(epoch), backoffMillis, TimeUnit.MILLISECONDS);
    }

    private void sendAgainAfterBackoff(long epoch) {
        if (phase == Phase.DONE || epoch != connectionEpoch || !backingOff) {
            return; // a new connection sends what is kept once its username is acknowledged
        }
        backingOff = false;
        if (ready && wire.connected()) {
            for (String id : new ArrayList<>(unacked.keySet())) {
                emitFromUser(id, unacked.get(id));
            }
        }
    }

    /** An acknowledgement handler, counted as awaited by the stall watch until it is called. */
    private Consumer<JsonNode> ack(String event, Consumer<JsonNode> handler) {
        awaitingAck();
        return answer -> guarded("acknowledgement of " + event, () -> {
            ackArrived();
            handler.accept(answer);
        });
    }

    /** What {@code startConversation} offers: nothing for PROTOCOL.md's servers (no or any other payload). */
    private static StartConversationPayload offer(JsonNode payload) {
        StartConversationPayload none = new StartConversationPayload(null, null, null);
        if (payload == null || !payload.isObject()) {
            return none;
        }
        try {
            return JSON.treeToValue(payload, StartConversationPayload.class);
        } catch (JsonProcessingException e) {
            return none;
        }
    }

    private static DeliveryAck parseAck(JsonNode answer) {
        if (answer == null || !answer.isObject() || !answer.path("ok").isBoolean()) {
            return null;
        }
        try {
            return JSON.treeToValue(answer, DeliveryAck.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private void call(Consumer<LiveAgentListener> call) {
        callbacks.execute(() -> {
            if (!silenced) {
                call.accept(listener);
            }
        });
    }

    static boolean isUnreachable(Object error) {
        Throwable t = error instanceof Throwable throwable ? throwable : null;
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Object payload) {
        if (payload instanceof Throwable t) {
            StringBuilder text = new StringBuilder(String.valueOf(t.getMessage()));
            for (Throwable cause = t.getCause(); cause != null && cause != t; cause = cause.getCause()) {
                text.append(": ").append(cause);
                if (cause.getCause() == cause) {
                    break;
                }
            }
            return text.toString();
        }
        String text = payload == null ? "null" : payload instanceof String s ? '"' + s + '"' : String.valueOf(payload);
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static String toJson(Object payload) {
        try {
            return JSON.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + payload, e);
        }
    }

    @Override
    public String toString() {
        return "SocketIoSession[" + conversationId + "]";
    }
}
