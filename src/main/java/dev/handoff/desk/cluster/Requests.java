package dev.handoff.desk.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handoff.desk.cluster.ClusterException.Problem;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request and reply over the {@link ClusterBus}. A node sends {@code {"request": ID, "replyTo": "node:NODE", "body":
 * ...}} to a channel and awaits {@code {"reply": ID, "body": ...}} (or {@code {"reply": ID, "error": "..."}}) on its
 * own channel {@code node:NODE}, which may carry other messages too (they have no {@code reply} and are ignored
 * here). {@link #serve} answers a channel's requests.
 *
 * <p>Bounded: at most {@code maxPending} requests await replies ({@code [pending-full]} past that); each fails with
 * {@code [timeout]} when no reply came in time. A reply that comes late, twice or for another node's request is
 * ignored. Pub/sub is at most once: a timed-out request may still have been served, so what is sent this way must be
 * safe to retry.
 *
 * <p>Threads: replies complete the futures on the bus's pool; timeouts on the helper's own timer thread. Callers must
 * not block those threads: chain with {@code thenAccept...Async} for long work.
 */
public final class Requests implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Requests.class);

    private final ClusterBus bus;
    private final String node;
    private final int maxPending;
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Requests counted against {@link #maxPending} (the map's size is only an estimate under contention). */
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();

    private volatile ClusterBus.Subscription replies;

    private Requests(ClusterBus bus, String node, int maxPending) {
        this.bus = bus;
        this.node = node;
        this.maxPending = maxPending;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-requests-" + node);
            t.setDaemon(true);
            return t;
        });
    }

    /** This node's channel, where its replies (and later other messages for it) arrive. */
    public static String nodeChannel(String node) {
        return "node:" + node;
    }

    /** Listens for this node's replies; the future completes once Redis has confirmed the subscription. */
    public static CompletableFuture<Requests> open(ClusterBus bus, String node, int maxPending) {
        if (maxPending < 1) throw new IllegalArgumentException("maxPending must be at least 1, not " + maxPending);
        Requests requests = new Requests(bus, node, maxPending);
        return bus.subscribe(nodeChannel(node), requests::received)
                .thenApply(subscription -> {
                    requests.replies = subscription;
                    return requests;
                })
                .whenComplete((r, failure) -> {
                    if (failure != null) requests.timer.shutdownNow();
                });
    }

    /**
     * Sends {@code body} to {@code channel}; the future completes with the reply's body, or fails with
     * {@code [timeout]} after {@code timeout}, {@code [unserved]} at once when nobody listens on the channel,
     * {@code [remote-failed]} when the server answered an error,
     * {@code [pending-full]}, or the bus's own errors. Never blocks.
     */
    public CompletableFuture<JsonNode> request(String channel, JsonNode body, Duration timeout) {
        if (closed.get())
            return CompletableFuture.failedFuture(new ClusterException(Problem.CLOSED, "requests closed"));
        if (waiting.incrementAndGet() > maxPending) {
            waiting.decrementAndGet();
            return CompletableFuture.failedFuture(new ClusterException(
                    Problem.PENDING_FULL,
                    maxPending + " requests already await replies; this one to '" + channel + "' is refused"));
        }
        String id = UUID.randomUUID().toString();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        reply.whenComplete((r, failure) -> {
            pending.remove(id);
            waiting.decrementAndGet();
        });
        var expiry = timer.schedule(
                () -> reply.completeExceptionally(new ClusterException(
                        Problem.TIMEOUT,
                        "no reply from '" + channel + "' within " + timeout.toMillis() + " ms (request " + id + ")")),
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        reply.whenComplete((r, failure) -> expiry.cancel(false));
        ObjectNode envelope = JsonNodeFactory.instance.objectNode();
        envelope.put("request", id);
        envelope.put("replyTo", nodeChannel(node));
        envelope.set("body", body);
        // completed on the timer's thread, never on Lettuce's event loop (callers chain desk work on it)
        bus.publish(channel, envelope)
                .whenCompleteAsync(
                        (receivers, failure) -> {
                            if (failure != null) {
                                reply.completeExceptionally(failure.getCause() != null ? failure.getCause() : failure);
                            } else if (receivers != null && receivers == 0) {
                                reply.completeExceptionally(new ClusterException(
                                        Problem.UNSERVED, "nobody serves '" + channel + "' now (request " + id + ")"));
                            }
                        },
                        timer);
        return reply;
    }

    /** Requests awaiting their replies now. */
    public int pending() {
        return pending.size();
    }

    /**
     * Answers the requests sent to {@code channel}: {@code handler} gets each request's body (on the bus's pool; it
     * must not block long) and its future's value is the reply; an exception, thrown or in the future, is replied as
     * an error (its message only). A message that is not a request is ignored.
     */
    public static CompletableFuture<ClusterBus.Subscription> serve(
            ClusterBus bus, String channel, Function<JsonNode, CompletionStage<JsonNode>> handler) {
        return bus.subscribe(channel, message -> {
            String id = message.path("request").asText(null);
            String replyTo = message.path("replyTo").asText(null);
            if (id == null || replyTo == null) return;
            CompletionStage<JsonNode> answer;
            try {
                answer = handler.apply(message.path("body"));
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answer.whenComplete((body, failure) -> {
                ObjectNode reply = JsonNodeFactory.instance.objectNode();
                reply.put("reply", id);
                if (failure == null) {
                    reply.set("body", body);
                } else {
                    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                    reply.put("error", String.valueOf(cause.getMessage()));
                }
                bus.publish(replyTo, reply).whenComplete((n, lost) -> {
                    if (lost != null) LOG.warn("cluster: a reply to {} was not sent: {}", replyTo, lost.getMessage());
                });
            });
        });
    }

    /** On the bus's pool: completes the request a reply answers. */
    private void received(JsonNode message) {
        String id = message.path("reply").asText(null);
        if (id == null) return; // not a reply: another message for this node
        CompletableFuture<JsonNode> reply = pending.get(id);
        if (reply == null) return; // late, repeated or not ours
        if (message.hasNonNull("error")) {
            reply.completeExceptionally(new ClusterException(
                    Problem.REMOTE_FAILED,
                    "the request " + id + " failed there: "
                            + message.get("error").asText()));
        } else {
            reply.complete(message.path("body"));
        }
    }

    /** Stops listening; requests still pending fail with {@code [closed]}. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        ClusterBus.Subscription subscription = replies;
        if (subscription != null) subscription.close();
        pending.values().forEach(f -> f.completeExceptionally(new ClusterException(Problem.CLOSED, "requests closed")));
        timer.shutdownNow();
    }
}
