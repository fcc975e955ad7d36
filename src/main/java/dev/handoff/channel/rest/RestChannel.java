package dev.handoff.channel.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.channel.ChannelError;
import dev.handoff.channel.ChatLine;
import dev.handoff.channel.Session;
import dev.handoff.channel.SessionListener;
import dev.handoff.channel.Sessions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Rasa's REST channel: {@code POST /webhooks/rest/webhook} {@code {sender, message, metadata?}} answers the
 * bot's replies to that message, {@code [{recipient_id, text, buttons?: [{title, payload}]}]} (each with its
 * {@code seq}, our addition); {@code GET /webhooks/rest/messages?sender=ID&after=N[&wait=S]} answers {@code
 * {messages: [{seq, from, text, buttons?, agent?}], next}}: what the user was sent after {@code N}, waiting up
 * to {@code S} seconds ({@link #MAX_WAIT}) for something new. A sender's conversation id is {@code rest-SENDER}.
 * {@code metadata.bot} picks the bot (else the first), {@code metadata.language} the language.
 *
 * <p>Errors: 400 {@code malformed}, 404 {@code unknown_bot} / {@code unknown_session}, 413 {@code too_long},
 * 429 {@code busy}, each {@code {"error": code, "message"}}. Thread-safe; never blocks a caller.
 */
public final class RestChannel implements SessionListener {
    public static final String WEBHOOK = "/webhooks/rest/webhook";
    public static final String MESSAGES = "/webhooks/rest/messages";
    public static final String HEALTH = "/webhooks/rest/";
    public static final Duration MAX_WAIT = Duration.ofSeconds(25);
    /** The longest sender id taken. */
    public static final int MAX_SENDER = 200;
    /** Long-polls one sender may hold at once; more are answered at once. */
    static final int MAX_WAITERS = 8;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "rest-";

    /** Whether {@code sessionId} is a REST sender's conversation (which no Socket.IO client may join). */
    public static boolean owns(String sessionId) {
        return sessionId.startsWith(PREFIX);
    }

    /** An HTTP answer: a status and a body to write as JSON. */
    public record Answer(int status, Object body) {}

    private record Waiter(long after, CompletableFuture<Answer> answer) {}

    private final Sessions sessions;
    private final ScheduledExecutorService timer;
    private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();

    public RestChannel(Sessions sessions, ScheduledExecutorService timer) {
        this.sessions = sessions;
        this.timer = timer;
        sessions.addListener(this);
    }

    /** {@code POST /webhooks/rest/webhook} with {@code body}. */
    public CompletableFuture<Answer> webhook(byte[] body) {
        try {
            JsonNode json;
            try {
                json = JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw malformed("the body is not JSON: " + e.getOriginalMessage());
            } catch (java.io.IOException e) {
                throw malformed("the body cannot be read: " + e.getMessage());
            }
            if (json == null || !json.isObject()) throw malformed("the body must be a JSON object {sender, message}");
            String sender = sender(json.get("sender"));
            JsonNode message = json.get("message");
            if (message == null || !message.isTextual()) throw malformed("'message' must be a string");
            JsonNode metadata = json.path("metadata");
            String bot = metadata.path("bot").isTextual() ? metadata.path("bot").asText() : null;
            String language = metadata.path("language").isTextual()
                    ? metadata.path("language").asText()
                    : null;
            String text = message.asText();
            // opening a stored conversation reads the store: on a worker, never the caller's I/O thread
            return CompletableFuture.supplyAsync(() -> turn(sender, bot, language, text), sessions::offEventThread)
                    .thenCompose(answer -> answer);
        } catch (ChannelError e) {
            return CompletableFuture.completedFuture(error(e));
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            return CompletableFuture.completedFuture(
                    error(new ChannelError(ChannelError.Code.BUSY, "the server is stopping; try again in a moment")));
        }
    }

    private CompletableFuture<Answer> turn(String sender, String bot, String language, String text) {
        try {
            Session session = sessions.open(PREFIX + sender, bot, language);
            session.chooseLanguage(language);
            return session.send(text).thenApply(lines -> {
                List<Object> out = new ArrayList<>();
                for (ChatLine line : lines) out.add(wire(sender, line));
                return new Answer(200, out);
            });
        } catch (ChannelError e) {
            return CompletableFuture.completedFuture(error(e));
        }
    }

    /** {@code GET /webhooks/rest/messages} with its query parameters; read off the caller's thread. */
    public CompletableFuture<Answer> messages(Map<String, List<String>> query) {
        try {
            return CompletableFuture.supplyAsync(() -> poll(query), sessions::offEventThread)
                    .thenCompose(answer -> answer);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            return CompletableFuture.completedFuture(
                    error(new ChannelError(ChannelError.Code.BUSY, "the server is stopping; try again in a moment")));
        }
    }

    private CompletableFuture<Answer> poll(Map<String, List<String>> query) {
        try {
            String sender = sender(textNode(first(query, "sender")));
            long after = number(first(query, "after"), "after", 0, Long.MAX_VALUE);
            long wait = number(first(query, "wait"), "wait", 0, MAX_WAIT.toSeconds());
            Session session = sessions.findOrReopen(PREFIX + sender)
                    .orElseThrow(() -> new ChannelError(
                            ChannelError.Code.UNKNOWN_SESSION,
                            "no conversation with sender '" + sender + "': POST to " + WEBHOOK + " first"));
            Answer now = page(session.id(), after);
            if (wait == 0 || !isEmpty(now)) return CompletableFuture.completedFuture(now);
            Waiter waiter = new Waiter(after, new CompletableFuture<>());
            boolean[] room = {false};
            // registered atomically with finish()'s removal of an emptied list: never into a list no one reads
            waiters.compute(session.id(), (id, list) -> {
                List<Waiter> l = list == null ? new CopyOnWriteArrayList<>() : list;
                if (l.size() < MAX_WAITERS) {
                    l.add(waiter);
                    room[0] = true;
                }
                return l.isEmpty() ? null : l;
            });
            if (!room[0]) return CompletableFuture.completedFuture(now);
            // a line may have come between the page and the registration
            Answer again = page(session.id(), after);
            if (!isEmpty(again)) finish(session.id(), waiter, again);
            timer.schedule(() -> finish(session.id(), waiter, page(session.id(), after)), wait, TimeUnit.SECONDS);
            return waiter.answer();
        } catch (ChannelError e) {
            return CompletableFuture.completedFuture(error(e));
        }
    }

    @Override
    public void line(String sessionId, ChatLine line) {
        if (line.from() == ChatLine.From.USER) return;
        List<Waiter> list = waiters.get(sessionId);
        if (list == null || list.isEmpty()) return;
        // completing answers writes to the network: not here, under the conversation's lock
        timer.execute(() -> {
            for (Waiter w : list) finish(sessionId, w, page(sessionId, w.after()));
        });
    }

    private void finish(String sessionId, Waiter waiter, Answer answer) {
        waiters.computeIfPresent(sessionId, (id, list) -> {
            list.remove(waiter);
            return list.isEmpty() ? null : list;
        });
        waiter.answer().complete(answer);
    }

    private Answer page(String sessionId, long after) {
        List<Object> messages = new ArrayList<>();
        long next = after;
        for (ChatLine line : sessions.find(sessionId).map(s -> s.history()).orElse(List.of())) {
            if (line.seq() <= after) continue;
            next = Math.max(next, line.seq());
            if (line.from() == ChatLine.From.USER) continue;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seq", line.seq());
            m.put("from", line.from().wire());
            m.put("text", line.text());
            if (!line.buttons().isEmpty()) m.put("buttons", buttons(line));
            if (line.agent() != null) m.put("agent", line.agent());
            messages.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messages", messages);
        body.put("next", next);
        return new Answer(200, body);
    }

    private static boolean isEmpty(Answer answer) {
        return answer.body() instanceof Map<?, ?> m && m.get("messages") instanceof List<?> l && l.isEmpty();
    }

    private static Map<String, Object> wire(String sender, ChatLine line) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recipient_id", sender);
        m.put("text", line.text());
        if (!line.buttons().isEmpty()) m.put("buttons", buttons(line));
        m.put("seq", line.seq());
        return m;
    }

    private static List<Object> buttons(ChatLine line) {
        List<Object> out = new ArrayList<>();
        for (String option : line.buttons()) out.add(Map.of("title", option, "payload", option));
        return out;
    }

    private static String sender(JsonNode node) {
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw malformed("'sender' must be a non-empty string");
        }
        String sender = node.asText();
        if (sender.length() > MAX_SENDER) throw malformed("'sender' is longer than " + MAX_SENDER + " characters");
        return sender;
    }

    private static JsonNode textNode(String s) {
        return s == null ? null : JSON.getNodeFactory().textNode(s);
    }

    private static long number(String s, String name, long min, long max) {
        if (s == null) return min;
        try {
            long n = Long.parseLong(s);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // below
        }
        throw malformed("'" + name + "' must be a whole number from " + min + " to " + max);
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static ChannelError malformed(String message) {
        return new ChannelError(ChannelError.Code.MALFORMED, message);
    }

    /** The status and body of a refused request. */
    private static Answer error(ChannelError e) {
        int status =
                switch (e.code()) {
                    case MALFORMED -> 400;
                    case TOO_LONG -> 413;
                    case UNKNOWN_BOT, UNKNOWN_SESSION -> 404;
                    case BUSY -> 429;
                };
        return new Answer(status, Map.of("error", e.code().wire(), "message", e.getMessage()));
    }
}
