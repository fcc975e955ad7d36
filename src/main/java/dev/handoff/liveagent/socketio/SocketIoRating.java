package dev.handoff.liveagent.socketio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.liveagent.RatingOutcome;
import dev.handoff.liveagent.RatingRequest;
import dev.handoff.protocol.LiveAgentEvents;
import dev.handoff.protocol.RateChatPayload;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rating on its way to the live-agent server (README "The rating addition"): a connection of its own to {@code
 * /live_agent} with the bot's key in the handshake, {@code rate_chat} with an acknowledgement on {@code
 * startConversation}, then closed. Without an answer (unreachable, no answer within the client's {@code
 * stallTimeout}, dropped) it tries again after twice and then six times the {@code reconnectionDelayMax} (10 s and
 * 30 s by default): three attempts in about a minute. A refusal by the server is final, except {@code busy}, {@code
 * internal} and {@code rate_limited}, tried again like a missing answer.
 *
 * <p>A server with several URLs: each attempt tries them in order, the next one at once when one gives no answer (or
 * a refusal tried again), so an attempt fails only once every URL failed. An answer {@code already_rated} after
 * an earlier try went unanswered (another attempt, or another URL of the same desk) means that try was stored.
 *
 * <p>Threading: the wire's handlers run on its thread and only record and close there; the
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

    /** The desk's answer to a second rating: after a lost answer, it means an earlier attempt was stored. */
    private static final String ALREADY_RATED = "already_rated";

    private void schedule(int attempt, Duration delay) {
        schedule(attempt, 0, delay);
    }

    private void schedule(int attempt, int url, Duration delay) {
        try {
            client.timers().schedule(() -> attempt(attempt, url), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            complete(RatingOutcome.failed("closed"));
        }
    }

    /**
     * One try of an attempt, at one URL: at most one answer counts, whichever of ack, refusal, drop or deadline comes
     * first.
     */
    private void attempt(int attempt, int url) {
        Attempt a = new Attempt(attempt, url);
        try {
            a.start();
        } catch (RuntimeException e) {
            a.failed("unreachable", e.toString());
        }
    }

    private final class Attempt implements Wire.Events {
        private final int number;
        /** Which of the request's URLs this try goes to, from 0. */
        private final int url;

        private final Wire wire;
        private boolean over; // guarded by this
        private ScheduledFuture<?> deadline;

        Attempt(int number, int url) {
            this.number = number;
            this.url = url;
            this.wire = client.wires()
                    .create(
                            SocketIoSession.namespaceUri(
                                    request.liveAgentUrls().urls().get(url)),
                            request.key(),
                            client.settings().stallTimeout(),
                            false,
                            this);
        }

        void start() {
            deadline = client.timers()
                    .schedule(
                            () -> failed(
                                    "timeout",
                                    "no answer within " + client.settings().stallTimeout()),
                            client.settings().stallTimeout().toMillis(),
                            TimeUnit.MILLISECONDS);
            wire.connect();
        }

        @Override
        public void onConnect() {}

        @Override
        public void onConnectError(JsonNode refusal, Throwable cause) {
            if (refusal != null) {
                String code = SocketIoSession.refusalCode(refusal);
                refused(code == null ? "refused" : code);
            } else {
                failed(SocketIoSession.isUnreachable(cause) ? "unreachable" : "lost", String.valueOf(cause));
            }
        }

        @Override
        public void onDisconnect(String reason) {
            failed("lost", "the connection closed before the answer");
        }

        @Override
        public void onEvent(String event, JsonNode payload, java.util.function.Consumer<String> ack) {
            if (LiveAgentEvents.START_CONVERSATION.equals(event)) {
                wire.emit(LiveAgentEvents.RATE_CHAT, payload(), this::answered);
            }
        }

        @Override
        public void onPacket(long pingIntervalMillis) {}

        private String payload() {
            try {
                return JSON.writeValueAsString(new RateChatPayload(
                        request.conversationId(),
                        request.botId(),
                        request.chatId(),
                        request.resumeToken(),
                        request.rating(),
                        request.comment()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write rate_chat", e);
            }
        }

        private synchronized boolean end() {
            if (over) return false;
            over = true;
            if (deadline != null) deadline.cancel(false);
            wire.close();
            return true;
        }

        private void answered(JsonNode answer) {
            if (answer != null && answer.path("ok").asBoolean(false)) {
                if (!end()) return;
                log.info("conversation {}: rating of chat {} delivered", request.conversationId(), request.chatId());
                complete(RatingOutcome.ok());
                return;
            }
            JsonNode error = answer == null ? null : answer.get("error");
            if (error != null && !error.isObject()) error = null;
            String code = error == null || !error.has("code")
                    ? "refused"
                    : error.path("code").asText();
            if (TRANSIENT.contains(code)) failed(code, error.path("message").asText(""));
            else if ((number > 1 || url > 0) && ALREADY_RATED.equals(code)) {
                // an earlier attempt was stored but its answer was lost (slow database, dropped connection)
                if (!end()) return;
                log.info(
                        "conversation {}: rating of chat {} delivered by an earlier attempt",
                        request.conversationId(),
                        request.chatId());
                complete(RatingOutcome.ok());
            } else refused(code);
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
            if (url + 1 < request.liveAgentUrls().size()) {
                log.info(
                        "conversation {}: rating of chat {} not delivered at {} ({}); trying {}",
                        request.conversationId(),
                        request.chatId(),
                        request.liveAgentUrls().urls().get(url),
                        reason,
                        request.liveAgentUrls().urls().get(url + 1));
                schedule(number, url + 1, Duration.ZERO);
                return;
            }
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
