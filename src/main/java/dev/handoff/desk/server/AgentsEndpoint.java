package dev.handoff.desk.server;

import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIONamespace;
import dev.handoff.desk.api.AgentEvent;
import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.api.DeskError;
import dev.handoff.desk.api.Requests;
import dev.handoff.desk.config.AgentConfig;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.SecurityConfig;
import dev.handoff.desk.core.Desk;
import dev.handoff.desk.core.DeskException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /agents} namespace (see {@link AgentEvents}): agents sign in with a token, or with the
 * console's session cookie ({@link ConsoleSignIn}), and work their chats.
 * Handlers run on netty's event threads, except the reads that may go to the database ({@code chat},
 * {@code archive}, {@code archived_chat}), which run on {@code reads} and answer when they are done.
 * The desk is reached through its port ({@link Desk}); the other calls of one connection go through its {@link
 * CallChain}, in the order the events came, and every answer is sent when its future completes.
 *
 * <p>Doors: a sign-in is decided in the handshake ({@link #signIn}): refused while its address or the
 * agent it names is locked out by {@link SignInThrottle} ({@code too_many_attempts}, with {@code
 * retryAfter} in seconds), then by its token ({@code invalid_token}); a refusal is a {@code
 * connect_error} {@code {"message", "code"}}, the connection never accepted. Every event of a
 * connection passes its {@link EventLimit} first ({@code rate_limited}; far over it, disconnected).
 * What an agent may read is the desk's to decide (its departments). Tokens are never logged,
 * not even malformed ones; warnings about one address come at most once per {@link #WARN_INTERVAL}.
 */
final class AgentsEndpoint {
    private static final Logger log = LoggerFactory.getLogger(AgentsEndpoint.class);
    static final String AGENT_ATTRIBUTE = "desk.agent";
    /** Set by the auth listener on a sign-in it accepted; taken by {@link #onConnect}. */
    private static final String ACCEPTED_ATTRIBUTE = "desk.agent.accepted";

    private static final String BUDGET_ATTRIBUTE = "desk.agent.budget";
    /** The connection's {@link CallChain}. */
    private static final String CALLS_ATTRIBUTE = "desk.agent.calls";

    private static final String NS = AgentEvents.NAMESPACE;
    /** The message of a wrong or missing token, as clients recognize it. */
    private static final String INVALID_TOKEN = "invalid token";

    static final Duration WARN_INTERVAL = Duration.ofMinutes(1);

    private final DeskConfig config;
    private final Desk desk;
    private final SocketOutbox outbox;
    private final ConnectionGate gate;
    private final Executor reads;
    private final SignInThrottle throttle;
    /** The console's sessions, for a handshake that brings the session cookie; {@code null}: none. */
    private final ConsoleSignIn console;

    private final dev.handoff.desk.api.DeskInfo info;
    private final WarnLimiter warnings = new WarnLimiter(WARN_INTERVAL, System::nanoTime);

    /**
     * {@code throttle}: the failed sign-ins, shared with the console's password sign-in; {@code console}:
     * whose session cookie signs a handshake in as a token does ({@code null}: tokens only).
     */
    AgentsEndpoint(
            DeskConfig config,
            Desk desk,
            SocketOutbox outbox,
            ConnectionGate gate,
            Executor reads,
            SignInThrottle throttle,
            ConsoleSignIn console,
            dev.handoff.desk.api.DeskInfo.Translation translation) {
        this.console = console;
        this.info = ConsoleDirectory.of(config).withTranslation(translation);
        this.config = config;
        this.desk = desk;
        this.outbox = outbox;
        this.gate = gate;
        this.reads = reads;
        this.throttle = throttle;
    }

    void register(SocketIONamespace ns) {
        ns.addAuthTokenListener((auth, client) -> {
            SignIn signIn = signIn(Credentials.of(auth, client), client);
            if (signIn.refusal() != null) return new AuthTokenResult(false, signIn.refusal());
            client.set(ACCEPTED_ATTRIBUTE, signIn.agent().name());
            return AuthTokenResult.AuthTokenResultSuccess;
        });
        ns.addConnectListener(client -> guard(client, "connect", () -> onConnect(client)));
        ns.addDisconnectListener(
                client -> guard(client, "disconnect", () -> calls(client).then(null, true, a -> {
                    AtomicReference<CompletableFuture<?>> call = new AtomicReference<>();
                    guard(client, "disconnect", () -> call.set(onDisconnect(client)));
                    return call.get();
                })));
        on(
                ns,
                AgentEvents.SET_STATUS,
                Requests.Status.class,
                (client, agent, r) -> whenDone(client, AgentEvents.SET_STATUS, desk.setStatus(agent, r.status())));
        on(
                ns,
                AgentEvents.SET_LANGUAGE,
                Requests.Language.class,
                (client, agent, r) ->
                        whenDone(client, AgentEvents.SET_LANGUAGE, desk.setLanguage(agent, r.language())));
        on(
                ns,
                AgentEvents.GET_QUEUE,
                NoPayload.class,
                (client, agent, r) -> then(
                        client,
                        AgentEvents.GET_QUEUE,
                        desk.queue(agent),
                        q -> SocketOutbox.send(client, new AgentEvent.Queue(q))));
        on(
                ns,
                AgentEvents.TAKE,
                Requests.ChatRef.class,
                (client, agent, r) -> whenDone(client, AgentEvents.TAKE, desk.take(agent, r.chatId())));
        onReads(
                ns,
                AgentEvents.GET_CHAT,
                Requests.ChatRef.class,
                (client, agent, r) -> whenDone(
                        client,
                        AgentEvents.GET_CHAT,
                        desk.read(agent, r.chatId())
                                .thenCompose(chat ->
                                        desk.showTo(agent, outbox.id(client), new AgentEvent.ChatShown(chat)))));
        // translated off the event thread first when the user's language differs; refusals come as desk_error.
        // The next event does not wait for the translation: the desk keeps a chat's replies in order.
        on(ns, AgentEvents.SEND, Requests.Send.class, (client, agent, r) -> {
            whenDone(client, AgentEvents.SEND, desk.reply(agent, r.chatId(), r.text()));
            return null;
        });
        on(
                ns,
                AgentEvents.SET_CHAT_LANGUAGE,
                Requests.ChatLanguage.class,
                (client, agent, r) -> whenDone(
                        client, AgentEvents.SET_CHAT_LANGUAGE, desk.setChatLanguage(agent, r.chatId(), r.language())));
        on(ns, AgentEvents.RETRANSLATE, Requests.MessageRef.class, (client, agent, r) -> {
            whenDone(
                    client,
                    AgentEvents.RETRANSLATE,
                    desk.retranslate(agent, r.chatId(), r.seq(), Boolean.TRUE.equals(r.history())));
            return null;
        });
        on(
                ns,
                AgentEvents.TRANSFER,
                Requests.Transfer.class,
                (client, agent, r) -> whenDone(
                        client, AgentEvents.TRANSFER, desk.transfer(agent, r.chatId(), r.agent(), r.department())));
        on(
                ns,
                AgentEvents.SUBJECT,
                Requests.Subject.class,
                (client, agent, r) ->
                        whenDone(client, AgentEvents.SUBJECT, desk.subject(agent, r.chatId(), r.subject())));
        on(
                ns,
                AgentEvents.RESOLVE,
                Requests.ChatRef.class,
                (client, agent, r) -> whenDone(client, AgentEvents.RESOLVE, desk.resolve(agent, r.chatId())));
        onReads(
                ns,
                AgentEvents.LIST_ARCHIVE,
                Requests.Page.class,
                (client, agent, r) -> then(
                        client,
                        AgentEvents.LIST_ARCHIVE,
                        desk.archive(
                                agent,
                                r.offset() == null ? 0 : r.offset(),
                                r.limit() == null ? 50 : r.limit(),
                                r.query()),
                        page -> SocketOutbox.send(client, new AgentEvent.Archive(page))));
        onReads(
                ns,
                AgentEvents.GET_ARCHIVED,
                Requests.ChatRef.class,
                (client, agent, r) -> whenDone(
                        client,
                        AgentEvents.GET_ARCHIVED,
                        desk.archivedChat(agent, r.chatId())
                                .thenCompose(chat ->
                                        desk.showTo(agent, outbox.id(client), new AgentEvent.ChatShown(chat)))));
    }

    /** The connection closed: the console session and the desk let go of it. */
    private CompletableFuture<?> onDisconnect(SocketIOClient client) {
        if (console != null) console.detach(client);
        String connection = outbox.id(client);
        outbox.forget(client);
        String name = client.get(AGENT_ATTRIBUTE);
        if (name == null) return null;
        client.del(AGENT_ATTRIBUTE); // the session's store outlives the namespace: a re-CONNECT starts afresh
        return whenDone(client, "disconnect", desk.agentDisconnected(name, connection));
    }

    /** A request answered by its events: a refusal or failure is a {@code desk_error}, whenever it comes. */
    private <T> CompletableFuture<T> whenDone(SocketIOClient client, String event, CompletableFuture<T> done) {
        return then(client, event, done, v -> {});
    }

    /** {@code answer} with the desk's answer, or a {@code desk_error} for its refusal or failure. Returns the call. */
    private <T> CompletableFuture<T> then(
            SocketIOClient client, String event, CompletableFuture<T> call, Consumer<T> answer) {
        call.whenComplete((v, failure) -> guard(client, event, () -> {
            if (failure != null) throw Guard.unchecked(failure);
            answer.accept(v);
        }));
        return call;
    }

    private void onConnect(SocketIOClient client) {
        String name = client.get(ACCEPTED_ATTRIBUTE);
        client.del(ACCEPTED_ATTRIBUTE);
        if (name == null) {
            // no auth listener ran (netty-socketio skips them when a client sends no auth): decide here
            SignIn signIn = signIn(Credentials.of(null, client), client);
            if (signIn.refusal() != null) {
                SocketOutbox.send(
                        client,
                        new AgentEvent.Refused(new DeskError(
                                "connect",
                                String.valueOf(signIn.refusal().get("code")),
                                String.valueOf(signIn.refusal().get("message")))));
                client.disconnect();
                return;
            }
            name = signIn.agent().name();
        }
        String agent = name;
        if (console != null && !console.attach(client)) {
            client.disconnect(); // its console session ended (signed out) since the handshake
            return;
        }
        client.set(AGENT_ATTRIBUTE, agent);
        gate.identified(client);
        String connection = outbox.register(client);
        calls(client).then(null, true, a -> whenDone(client, "connect", desk.agentConnected(agent, connection, info)));
    }

    /**
     * What a sign-in presents: the token (the auth object's {@code token}, else the {@code token} query
     * parameter) and, optionally, the name of the agent it claims to be (the auth object's {@code
     * name}). Either may be {@code null}. {@code malformed}: the auth object has a {@code token} or
     * {@code name} that is not a string, or is not an object at all; such an attempt is a wrong token.
     * Never logged.
     */
    record Credentials(String name, String token, boolean malformed) {
        static Credentials of(Object auth, SocketIOClient client) {
            String name = null;
            String token = null;
            boolean malformed = auth != null && !(auth instanceof Map<?, ?>);
            if (auth instanceof Map<?, ?> m) {
                Object n = m.get("name");
                Object t = m.get("token");
                if (n instanceof String s) name = s;
                else malformed |= n != null;
                if (t instanceof String s) token = s;
                else malformed |= t != null;
            }
            if (token == null && !malformed && client.getHandshakeData() != null)
                token = client.getHandshakeData().getSingleUrlParam("token");
            return new Credentials(name, token, malformed);
        }

        @Override
        public String toString() {
            return "Credentials[name=***, token=***, malformed=" + malformed + "]";
        }
    }

    /** A sign-in's outcome: the agent, or the {@code connect_error} data {@code {"message", "code", ...}}. */
    record SignIn(AgentConfig agent, Map<String, Object> refusal) {
        static SignIn refused(DeskError.Code code, String message) {
            return new SignIn(null, Map.of("message", message, "code", code.wire()));
        }

        static SignIn lockedOut(SignInThrottle.Lockout lockout) {
            return new SignIn(
                    null,
                    Map.of(
                            "message",
                            "too many failed sign-ins "
                                    + (lockout.what().equals("agent") ? "for this agent" : "from this address")
                                    + "; try again in " + lockout.seconds() + " s",
                            "code",
                            DeskError.Code.TOO_MANY_ATTEMPTS.wire(),
                            "retryAfter",
                            lockout.seconds()));
        }
    }

    /**
     * Decides a sign-in, before the connection is accepted: a locked-out address or agent is refused
     * without its token being looked at; then the token must be an agent's (that agent's, when the
     * attempt names one). A wrong token is a failure for the address and for the name given; a missing
     * one guesses nothing and is not counted.
     */
    private SignIn signIn(Credentials credentials, SocketIOClient client) {
        if (console != null && credentials.token() == null && !credentials.malformed()) {
            // the console's session cookie: a sign-in made with a password; not a guess, not throttled
            Optional<AgentConfig> bySession = console.agentOfHandshake(client).flatMap(config::agent);
            if (bySession.isPresent()) return new SignIn(bySession.get(), null);
        }
        String address = gate.addressOf(client);
        Optional<SignInThrottle.Lockout> locked = throttle.locked(address, credentials.name());
        if (locked.isPresent()) {
            warn(
                    address,
                    "{}: sign-in from {} refused: too many failed sign-ins ({} locked for {} s more)",
                    NS,
                    address,
                    locked.get().what(),
                    locked.get().seconds());
            return SignIn.lockedOut(locked.get());
        }
        if (credentials.token() == null && !credentials.malformed()) {
            warn(address, "{}: sign-in from {} refused: no token", NS, address);
            return SignIn.refused(DeskError.Code.INVALID_TOKEN, INVALID_TOKEN);
        }
        Optional<AgentConfig> agent = (credentials.malformed()
                        ? Optional.<AgentConfig>empty()
                        : config.agentByToken(credentials.token()))
                .filter(a -> credentials.name() == null || a.name().equals(credentials.name()));
        if (agent.isPresent()) {
            throttle.succeeded(agent.get().name());
            return new SignIn(agent.get(), null);
        }
        Optional<SignInThrottle.Lockout> started = throttle.failed(address, credentials.name());
        String named = credentials.name() == null
                ? ""
                : config.agent(credentials.name()).isPresent()
                        ? " for agent " + credentials.name()
                        : " for an unknown agent";
        warn(
                address,
                "{}: sign-in from {}{} refused: {}{}",
                NS,
                address,
                named,
                credentials.malformed() ? "malformed credentials" : "invalid token",
                started.map(l -> "; its " + l.what() + " is locked out for " + l.seconds() + " s")
                        .orElse(""));
        return SignIn.refused(DeskError.Code.INVALID_TOKEN, INVALID_TOKEN);
    }

    /**
     * A warning about {@code key} (an address, or an address and what it did), at most one per {@link
     * #WARN_INTERVAL}; the rest are counted in the next.
     */
    private void warn(String key, String format, Object... args) {
        OptionalInt heldBack = warnings.allow(key);
        if (heldBack.isEmpty()) return;
        if (heldBack.getAsInt() == 0) log.warn(format, args);
        else
            log.warn(format + " ({} more like it held back since the last warning)", append(args, heldBack.getAsInt()));
    }

    private static Object[] append(Object[] args, Object last) {
        Object[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }

    /** The payload of an event without one: whatever the agent sends is ignored. */
    private record NoPayload() {}

    /** A handler: its desk call (what the connection's next call waits for), or {@code null}. May throw. */
    interface AgentHandler<R extends Record> {
        CompletableFuture<?> handle(SocketIOClient client, String agent, R request);
    }

    /** The event's handler, in the connection's {@link CallChain}; too many waiting, the agent gets {@code busy}. */
    private <R extends Record> void on(SocketIONamespace ns, String event, Class<R> type, AgentHandler<R> handler) {
        ns.addEventListener(event, Object.class, (client, data, ack) -> {
            if (!admitted(client, event)) return;
            guard(client, event, () -> calls(client).then(null, false, a -> {
                AtomicReference<CompletableFuture<?>> call = new AtomicReference<>();
                guard(client, event, () -> call.set(handle(client, data, type, handler)));
                return call.get();
            }));
        });
    }

    private static CallChain calls(SocketIOClient client) {
        CallChain calls = client.get(CALLS_ATTRIBUTE);
        if (calls == null) {
            calls = new CallChain();
            client.set(CALLS_ATTRIBUTE, calls);
        }
        return calls;
    }

    /** As {@link #on}, with the handler on {@link #reads}; when too many reads wait, the agent gets {@code busy}. */
    private <R extends Record> void onReads(
            SocketIONamespace ns, String event, Class<R> type, AgentHandler<R> handler) {
        ns.addEventListener(event, Object.class, (client, data, ack) -> {
            if (!admitted(client, event)) return;
            try {
                reads.execute(() -> guard(client, event, () -> handle(client, data, type, handler)));
            } catch (RejectedExecutionException e) {
                guard(client, event, () -> {
                    throw new DeskException(
                            DeskError.Code.BUSY, "too many reads are waiting for the database; try again shortly");
                });
            }
        });
    }

    /**
     * Whether the event may be handled: within the connection's rate ({@link #withinRate}) and from a
     * signed-in connection. A connection whose sign-in was refused can still send events on the
     * namespace (netty-socketio keeps it); each is refused with {@code invalid_token}, without a log
     * line, and counts against its rate, so it ends disconnected if it goes on.
     */
    private boolean admitted(SocketIOClient client, String event) {
        if (!withinRate(client, event)) return false;
        if (client.get(AGENT_ATTRIBUTE) != null) return true;
        log.debug("{} {} from {}: not signed in; refused", NS, event, client.getSessionId());
        SocketOutbox.send(
                client,
                new AgentEvent.Refused(new DeskError(event, DeskError.Code.INVALID_TOKEN.wire(), "not signed in")));
        return false;
    }

    /**
     * Takes one event from the connection's {@link EventLimit} (the same as {@code /live_agent}'s): over
     * the rate the event is refused with {@code rate_limited}; far over it the connection is
     * disconnected. The refusals are logged at most once per 10 s per connection, with their count.
     */
    private boolean withinRate(SocketIOClient client, String event) {
        EventLimit limit = client.get(BUDGET_ATTRIBUTE);
        SecurityConfig.Limits limits = config.security().limits();
        long now = System.nanoTime();
        if (limit == null) {
            limit = new EventLimit(limits.eventsPerSecond(), limits.eventBurst(), now);
            client.set(BUDGET_ATTRIBUTE, limit);
        }
        EventLimit.Verdict verdict = limit.take(now);
        if (verdict == EventLimit.Verdict.PASS) return true;
        String who = client.get(AGENT_ATTRIBUTE);
        String address = gate.addressOf(client);
        if (verdict == EventLimit.Verdict.CLOSE) {
            warn(
                    "flood " + address,
                    "{} connection {} ({}, {}): far over {}/s (burst {}); disconnected",
                    NS,
                    client.getSessionId(),
                    who == null ? "not signed in" : "agent " + who,
                    address,
                    limits.eventsPerSecond(),
                    limits.eventBurst());
            LiveAgentEndpoint.close(client);
            return false;
        }
        int refused = limit.refusalsToLog(now);
        if (refused > 0) {
            warn(
                    "rate " + address,
                    "{} connection {} ({}): {} event(s) over {}/s (burst {}) refused with rate_limited",
                    NS,
                    client.getSessionId(),
                    who == null ? "not signed in" : "agent " + who,
                    refused,
                    limits.eventsPerSecond(),
                    limits.eventBurst());
        }
        SocketOutbox.send(
                client,
                new AgentEvent.Refused(new DeskError(
                        event,
                        DeskError.Code.RATE_LIMITED.wire(),
                        "more than " + config.security().limits().eventsPerSecond()
                                + " events per second; send it again shortly")));
        return false;
    }

    private static <R extends Record> CompletableFuture<?> handle(
            SocketIOClient client, Object data, Class<R> type, AgentHandler<R> handler) {
        String agent = client.get(AGENT_ATTRIBUTE);
        Map<String, Object> m = data == null ? Map.of() : Payloads.object(data);
        return handler.handle(client, agent, Payloads.decode(m, type));
    }

    private void guard(SocketIOClient client, String event, Guard.Handler handler) {
        String who = client.get(AGENT_ATTRIBUTE);
        Guard.run(
                log,
                NS,
                event,
                client,
                who == null ? "not signed in" : "agent " + who,
                handler,
                (code, message) ->
                        SocketOutbox.send(client, new AgentEvent.Refused(new DeskError(event, code.wire(), message))));
    }
}
