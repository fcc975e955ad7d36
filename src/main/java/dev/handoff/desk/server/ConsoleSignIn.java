package dev.handoff.desk.server;

import com.corundumstudio.socketio.SocketIOClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.desk.api.DeskError;
import dev.handoff.desk.config.AgentConfig;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.PasswordHash;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's sign-in, {@code /api/session}:
 *
 * <ul>
 *   <li>{@code POST} {@code {"name", "password"}} (JSON): the password is checked against the agent's
 *       bcrypt hash on the {@code checks} executor, never on an event thread. Right: a new session
 *       ({@link ConsoleSessions}) in an {@code HttpOnly; SameSite=Strict; Path=/} cookie ({@code Secure}
 *       and the {@code __Host-} prefix under TLS), answered {@code {"name", "role"}} (in cluster mode once
 *       the other nodes can know the session, so the next request may go to any of them). Wrong: {@code 401}
 *       {@code invalid_credentials} "wrong name or password", the same for a wrong name and a wrong
 *       password (an unknown name is checked against a hash nobody matches, so it costs the same),
 *       answered {@link #FAILURE_DELAY} after the request came, by a timer of the connection's event
 *       loop. The {@link SignInThrottle} of {@code /agents} counts the failures per address and per
 *       agent: while locked out, {@code 429 too_many_attempts} with {@code Retry-After}. A request from
 *       an Origin {@code security.origins.agents} does not allow is refused 403 (and so is one that is
 *       not JSON: a cross-site form cannot send JSON);
 *   <li>{@code GET}: {@code {"name", "role"}} of the cookie's live session ({@code role}: {@code agent} or
 *       {@code supervisor}, so the console shows a supervisor's views), else {@code 401 invalid_token};
 *   <li>{@code DELETE}: signs out: the session is forgotten, its {@code /agents} connections are
 *       disconnected (on every node, in cluster mode) and the cookie is cleared.
 * </ul>
 *
 * <p>Neither a password nor a session id is ever logged; a failed sign-in is logged with its address
 * and whether the name was an agent's, at most once per address per minute.
 */
final class ConsoleSignIn {
    private static final Logger log = LoggerFactory.getLogger(ConsoleSignIn.class);
    static final String PATH = "/api/session";
    /** A wrong name or password is answered this long after the request came. */
    static final Duration FAILURE_DELAY = Duration.ofSeconds(1);

    static final String WRONG = "wrong name or password";
    static final int MAX_BODY = 4096;
    static final int MAX_NAME = 200;
    static final int MAX_PASSWORD = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DeskConfig config;
    private final ConsoleSessions sessions;
    private final SignInThrottle throttle;
    private final Executor checks;
    private final String cookieName;
    private final boolean secure;
    /** The cost of the hash an unknown name is checked against: the highest of the agents' hashes. */
    private final int dummyCost;

    private final WarnLimiter warnings = new WarnLimiter(Duration.ofMinutes(1), System::nanoTime);

    ConsoleSignIn(DeskConfig config, ConsoleSessions sessions, SignInThrottle throttle, Executor checks) {
        this.config = config;
        this.sessions = sessions;
        this.throttle = throttle;
        this.checks = checks;
        this.secure = config.security().tls() != null;
        this.cookieName = secure ? ConsoleSessions.TLS_COOKIE : ConsoleSessions.COOKIE;
        this.dummyCost = config.agents().stream()
                .map(AgentConfig::password)
                .filter(java.util.Objects::nonNull)
                .mapToInt(PasswordHash::cost)
                .max()
                .orElse(PasswordHash.COST);
    }

    /** The cookie's name: {@code handoff_session}, or {@code __Host-handoff_session} under TLS. */
    String cookieName() {
        return cookieName;
    }

    /** The session id the request's (or handshake's) {@code Cookie} headers carry, if any. */
    Optional<String> sessionId(HttpHeaders headers) {
        for (String header : headers.getAll(HttpHeaderNames.COOKIE)) {
            if (header.length() > 8192) continue;
            for (Cookie c : ServerCookieDecoder.STRICT.decode(header)) {
                if (c.name().equals(cookieName)) return Optional.of(c.value());
            }
        }
        return Optional.empty();
    }

    /** Where an {@code /agents} connection keeps the session it signed in with. */
    private static final String SESSION_ATTRIBUTE = "desk.console.session";

    /**
     * The agent whose live session the {@code /agents} handshake's cookie names, if any; the session is
     * kept on the connection for {@link #attach} and {@link #detach}.
     */
    Optional<String> agentOfHandshake(SocketIOClient client) {
        if (client.getHandshakeData() == null) return Optional.empty();
        Optional<String> id = sessionId(client.getHandshakeData().getHttpHeaders());
        Optional<String> agent = id.flatMap(sessions::agentOf);
        agent.ifPresent(a -> client.set(SESSION_ATTRIBUTE, id.get()));
        return agent;
    }

    /**
     * The connection is accepted: signing out of its session will disconnect it. False when it came
     * with a session that has ended since its handshake (it must not go on); true without a session.
     */
    boolean attach(SocketIOClient client) {
        String id = client.get(SESSION_ATTRIBUTE);
        return id == null || sessions.attach(id, client);
    }

    /** The connection closed. */
    void detach(SocketIOClient client) {
        String id = client.get(SESSION_ATTRIBUTE);
        if (id != null) sessions.detach(id, client);
    }

    void handle(ChannelHandlerContext ctx, FullHttpRequest req) {
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && !config.security().origins().allowsAgents(origin)) {
            ConsoleHttp.error(
                    ctx,
                    req,
                    HttpResponseStatus.FORBIDDEN,
                    DeskError.Code.ORIGIN_NOT_ALLOWED,
                    "this page's origin may not sign in (security.origins.agents)");
            return;
        }
        HttpMethod method = req.method();
        if (method.equals(HttpMethod.POST)) signIn(ctx, req);
        else if (method.equals(HttpMethod.GET)) whoAmI(ctx, req);
        else if (method.equals(HttpMethod.DELETE)) signOut(ctx, req);
        else {
            FullHttpResponse res = ConsoleHttp.response(HttpResponseStatus.METHOD_NOT_ALLOWED, null, new byte[0]);
            res.headers().set(HttpHeaderNames.ALLOW, "GET, POST, DELETE");
            ConsoleHttp.send(ctx, req, res);
        }
    }

    /** The agent whose live session the request's cookie names, if any; a use keeps the session alive. */
    Optional<AgentConfig> agentOf(HttpHeaders headers) {
        return sessionId(headers).flatMap(sessions::agentOf).flatMap(config::agent);
    }

    private void whoAmI(ChannelHandlerContext ctx, FullHttpRequest req) {
        Optional<AgentConfig> agent = agentOf(req.headers());
        if (agent.isPresent()) {
            ConsoleHttp.json(
                    ctx,
                    req,
                    HttpResponseStatus.OK,
                    new SessionView(agent.get().name(), agent.get().role().id()));
        } else {
            ConsoleHttp.error(ctx, req, HttpResponseStatus.UNAUTHORIZED, DeskError.Code.INVALID_TOKEN, "not signed in");
        }
    }

    private void signOut(ChannelHandlerContext ctx, FullHttpRequest req) {
        Optional<String> id = sessionId(req.headers());
        List<SocketIOClient> open = id.map(sessions::end).orElse(List.of());
        for (SocketIOClient client : open) client.disconnect();
        if (id.isPresent()) log.info("console: a session signed out ({} connection(s) closed)", open.size());
        FullHttpResponse res = ConsoleHttp.response(HttpResponseStatus.NO_CONTENT, null, new byte[0]);
        res.headers().set(HttpHeaderNames.SET_COOKIE, cookie("", true)).set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        ConsoleHttp.send(ctx, req, res);
    }

    private void signIn(ChannelHandlerContext ctx, FullHttpRequest req) {
        long came = System.nanoTime();
        String type = req.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            ConsoleHttp.error(
                    ctx,
                    req,
                    HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    DeskError.Code.BAD_REQUEST,
                    "send {\"name\", \"password\"} as application/json");
            return;
        }
        if (req.content().readableBytes() > MAX_BODY) {
            ConsoleHttp.error(
                    ctx,
                    req,
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    DeskError.Code.TOO_LONG,
                    "a sign-in has at most " + MAX_BODY + " bytes");
            return;
        }
        String name;
        String password;
        try {
            JsonNode body = JSON.readTree(req.content().toString(java.nio.charset.StandardCharsets.UTF_8));
            JsonNode n = body == null ? null : body.get("name");
            JsonNode p = body == null ? null : body.get("password");
            if (n == null || !n.isTextual() || p == null || !p.isTextual())
                throw new IOException("not name and password");
            name = n.asText().strip();
            password = p.asText();
        } catch (IOException e) {
            ConsoleHttp.error(
                    ctx,
                    req,
                    HttpResponseStatus.BAD_REQUEST,
                    DeskError.Code.BAD_REQUEST,
                    "send {\"name\", \"password\"}, both strings");
            return;
        }
        if (name.isEmpty() || name.length() > MAX_NAME || password.isEmpty() || password.length() > MAX_PASSWORD) {
            ConsoleHttp.error(
                    ctx,
                    req,
                    HttpResponseStatus.BAD_REQUEST,
                    DeskError.Code.BAD_REQUEST,
                    "a name of 1 to " + MAX_NAME + " characters and a password of 1 to " + MAX_PASSWORD
                            + " are needed");
            return;
        }
        String address = ClientAddress.of(
                ctx.channel().remoteAddress(),
                req.headers().get(ClientAddress.FORWARDED_FOR),
                config.security().trustedProxies());
        Optional<SignInThrottle.Lockout> locked = throttle.locked(address, name);
        if (locked.isPresent()) {
            warn(
                    address,
                    "console: sign-in from {} refused: too many failed sign-ins ({} locked)",
                    address,
                    locked.get().what());
            tooMany(ctx, req, locked.get());
            return;
        }
        Optional<AgentConfig> agent = config.agent(name);
        req.retain();
        try {
            checks.execute(() -> {
                try {
                    boolean right =
                            PasswordHash.check(agent.map(AgentConfig::password), password.toCharArray(), dummyCost);
                    if (right) {
                        throttle.succeeded(name);
                        // answered once the other nodes can know the session (at once, alone)
                        sessions.start(name)
                                .thenAccept(id -> ctx.executor().execute(() -> signedIn(ctx, req, name, id)));
                        return;
                    }
                    Optional<SignInThrottle.Lockout> started = throttle.failed(address, name);
                    warn(
                            address,
                            "console: sign-in from {} for {} refused: wrong name or password{}",
                            address,
                            agent.isPresent() ? "agent " + name : "an unknown agent",
                            started.map(l -> "; its " + l.what() + " is locked out for " + l.seconds() + " s")
                                    .orElse(""));
                    long wait = Math.max(0, FAILURE_DELAY.toNanos() - (System.nanoTime() - came));
                    ctx.executor().schedule(() -> wrong(ctx, req), wait, TimeUnit.NANOSECONDS);
                } catch (RuntimeException e) {
                    ctx.executor().execute(() -> ConsoleHttp.internalError(ctx, req, "sign-in", e));
                }
            });
        } catch (RejectedExecutionException e) {
            req.release();
            FullHttpResponse res = ConsoleHttp.response(
                    HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "application/json; charset=utf-8",
                    ("{\"code\":\"busy\",\"message\":\"too many sign-ins at once; try again in a moment\"}")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            res.headers().set(HttpHeaderNames.RETRY_AFTER, "1").set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            ConsoleHttp.send(ctx, req, res);
        }
    }

    private void signedIn(ChannelHandlerContext ctx, FullHttpRequest req, String name, String id) {
        try {
            log.info("console: agent {} signed in", name);
            ConsoleHttp.json(
                    ctx,
                    req,
                    HttpResponseStatus.OK,
                    new SessionView(
                            name, config.agent(name).map(a -> a.role().id()).orElse(AgentConfig.Role.AGENT.id())),
                    Map.of("Set-Cookie", cookie(id, false)));
        } finally {
            req.release();
        }
    }

    private void wrong(ChannelHandlerContext ctx, FullHttpRequest req) {
        try {
            ConsoleHttp.error(ctx, req, HttpResponseStatus.UNAUTHORIZED, DeskError.Code.INVALID_CREDENTIALS, WRONG);
        } finally {
            req.release();
        }
    }

    private static void tooMany(ChannelHandlerContext ctx, FullHttpRequest req, SignInThrottle.Lockout lockout) {
        ConsoleHttp.json(
                ctx,
                req,
                HttpResponseStatus.TOO_MANY_REQUESTS,
                Map.of(
                        "code",
                        DeskError.Code.TOO_MANY_ATTEMPTS.wire(),
                        "message",
                        "too many failed sign-ins; try again in " + lockout.seconds() + " s",
                        "retryAfter",
                        lockout.seconds()),
                Map.of(HttpHeaderNames.RETRY_AFTER.toString(), String.valueOf(lockout.seconds())));
    }

    /** The session cookie: {@code HttpOnly; SameSite=Strict; Path=/}, {@code Secure} under TLS; {@code clear}: expired. */
    private String cookie(String value, boolean clear) {
        DefaultCookie c = new DefaultCookie(cookieName, value);
        c.setHttpOnly(true);
        c.setPath("/");
        c.setSecure(secure);
        c.setSameSite(CookieHeaderNames.SameSite.Strict);
        if (clear) c.setMaxAge(0);
        return ServerCookieEncoder.STRICT.encode(c);
    }

    private void warn(String address, String format, Object... args) {
        OptionalInt heldBack = warnings.allow(address);
        if (heldBack.isEmpty()) return;
        log.warn(format, args);
    }

    /** The answer about a session, {@code {"name", "role"}}, always in that order. */
    record SessionView(String name, String role) {}
}
