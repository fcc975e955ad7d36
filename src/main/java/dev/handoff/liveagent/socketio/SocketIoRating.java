package dev.handoff.liveagent.socketio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.liveagent.RatingOutcome;
import dev.handoff.liveagent.RatingRequest;
import dev.handoff.protocol.LiveAgentEvents;
import dev.handoff.protocol.RateChatPayload;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rating on its way to the live-agent server (README "The rating addition"): a connection of its own to {@code
 * /live_agent} with the bot's key in the handshake, {@code rate_chat} with an acknowledgement on {@code
 * startConversation}, then closed. Without an answer (unreachable, no answer within the client's {@code
 * stallTimeout}, dropped) it tries again after twice and then six times the {@code reconnectionDelayMax} (10 s and
 * 30 s by default): three attempts in about a minute. A refusal by the server is final, except {@code busy} and
 * {@code internal}, tried again like a missing answer.
 *
 * <p>Threading: the Socket.IO handlers run on the library's event thread and only record and close there; the
 * attempts start on the client's timer; the future completes on the client's listener pool.
 */
final class SocketIoRating {
    private static final Logger log = LoggerFactory.getLogger(SocketIoRating.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int ATTEMPTS = 3;
    private static final Set<String> TRANSIENT = Set.of("busy", "internal", "rate_limited");

    private final SocketIoLiveAgentClient client;
    private final RatingRequest request;
    private final CompletableFuture<RatingOutcome> outcome = new CompletableFuture<>();

    private SocketIoRating(SocketIoLiveAgentClient client, RatingRequest request) {
        this.client = client;
        this.request = request;
    }

    static CompletableFuture<RatingOutcome> send(SocketIoLiveAgentClient client, RatingRequest request) {
        SocketIoRating rating = new SocketIoRating(client, request);
        rating.schedule(1, Duration.ZERO);
        return rating.outcome;
    }

    private void schedule(int attempt, Duration delay) {
        try {
            client.timers().schedule(() -> attempt(attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            complete(RatingOutcome.failed("closed"));
        }
    }

    /** One attempt: at most one answer counts, whichever of ack, refusal, drop or deadline comes first. */
    private void attempt(int attempt) {
        Attempt a = new Attempt(attempt);
        try {
            a.start();
        } catch (RuntimeException e) {
            a.failed("unreachable", e.toString());
        }
    }

    private final class Attempt {
        private final int number;
        private final Socket socket;
        private boolean over; // guarded by this
        private ScheduledFuture<?> deadline;

        Attempt(int number) {
            this.number = number;
            IO.Options options = IO.Options.builder()
                    .setForceNew(true)
                    .setMultiplex(false)
                    .setReconnection(false)
                    .setTimeout(client.settings().stallTimeout().toMillis())
                    .setTransports(client.settings().transports().toArray(String[]::new))
                    .setAuth(request.key() == null ? null : Map.of("key", request.key()))
                    .build();
            options.callFactory = client.http();
            options.webSocketFactory = client.http();
            this.socket = IO.socket(SocketIoSession.namespaceUri(request.liveAgentUrl()), options);
        }

        void start() {
            socket.on(
                    LiveAgentEvents.START_CONVERSATION,
                    args -> socket.emit(LiveAgentEvents.RATE_CHAT, new Object[] {payload()}, (Ack) this::answered));
            socket.on(Socket.EVENT_CONNECT_ERROR, args -> {
                Object error = args.length > 0 ? args[0] : null;
                if (error instanceof JSONObject refusal) {
                    String code = SocketIoSession.refusalCode(refusal);
                    refused(code == null ? "refused" : code);
                } else {
                    failed(SocketIoSession.isUnreachable(error) ? "unreachable" : "lost", String.valueOf(error));
                }
            });
            socket.on(Socket.EVENT_DISCONNECT, args -> failed("lost", "the connection closed before the answer"));
            deadline = client.timers()
                    .schedule(
                            () -> failed(
                                    "timeout",
                                    "no answer within " + client.settings().stallTimeout()),
                            client.settings().stallTimeout().toMillis(),
                            TimeUnit.MILLISECONDS);
            socket.connect();
        }

        private JSONObject payload() {
            try {
                return new JSONObject(JSON.writeValueAsString(new RateChatPayload(
                        request.conversationId(),
                        request.botId(),
                        request.chatId(),
                        request.resumeToken(),
                        request.rating(),
                        request.comment())));
            } catch (JsonProcessingException | org.json.JSONException e) {
                throw new IllegalStateException("cannot write rate_chat", e);
            }
        }

        private synchronized boolean end() {
            if (over) return false;
            over = true;
            if (deadline != null) deadline.cancel(false);
            socket.off();
            socket.close();
            return true;
        }

        private void answered(Object... args) {
            JSONObject answer = args.length > 0 && args[0] instanceof JSONObject o ? o : null;
            if (answer != null && answer.optBoolean("ok")) {
                if (!end()) return;
                log.info("conversation {}: rating of chat {} delivered", request.conversationId(), request.chatId());
                complete(RatingOutcome.ok());
                return;
            }
            JSONObject error = answer == null ? null : answer.optJSONObject("error");
            String code = error == null ? "refused" : error.optString("code", "refused");
            if (TRANSIENT.contains(code)) failed(code, error.optString("message"));
            else refused(code);
        }

        private void refused(String code) {
            if (!end()) return;
            log.warn(
                    "conversation {}: the live-agent server refused the rating of chat {} ({})",
                    request.conversationId(),
                    request.chatId(),
                    code);
            complete(RatingOutcome.failed(code));
        }

        void failed(String reason, String detail) {
            if (!end()) return;
            if (number >= ATTEMPTS) {
                log.warn(
                        "conversation {}: the rating of chat {} could not be delivered after {} attempts ({}: {})",
                        request.conversationId(),
                        request.chatId(),
                        number,
                        reason,
                        detail);
                complete(RatingOutcome.failed(reason));
                return;
            }
            Duration delay = client.settings().reconnectionDelayMax().multipliedBy(number == 1 ? 2 : 6);
            log.info(
                    "conversation {}: rating of chat {} not delivered ({}); attempt {} in {}",
                    request.conversationId(),
                    request.chatId(),
                    reason,
                    number + 1,
                    delay);
            schedule(number + 1, delay);
        }
    }

    private void complete(RatingOutcome result) {
        try {
            client.listenerPool().execute(() -> outcome.complete(result));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            outcome.complete(result);
        }
    }
}
