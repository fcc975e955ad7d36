package dev.handoff.humanhandoff;

import dev.handoff.dialogue.Conversation;
import dev.handoff.dialogue.StreamObserver;
import dev.handoff.liveagent.LiveAgentFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The handoff's figures, counted where they happen (README "Metrics and reports"): handoffs offered, accepted,
 * connected, failed (by reason), abandoned by the user, resolved by the agent; the time to connect and to an agent;
 * the conversations handed off and their share; the live-agent sessions open; the satisfaction ratings.
 *
 * <p>Tags are bounded: {@code department} (the bot's own ids), {@code reason}, {@code stage}, {@code result}. Never a
 * user, a conversation or a message.
 *
 * <p>The registry is the process's ({@code MetricsModule}); where none is bound (a library, a test) the figures go
 * to a private simple registry, so nothing depends on metrics being on. Times are read from the registry's clock
 * (a test's {@code MockClock} controls them). Thread-safe.
 */
@Singleton
public final class HandoffMetrics implements StreamObserver {
    /** The stream that offers the handoff (the preset's). */
    static final String OFFER_STREAM = "provide_handoff_options";

    private MeterRegistry registry;
    private final AtomicInteger openSessions = new AtomicInteger();
    private Counter handedOff;

    @Inject
    public HandoffMetrics() {
        bind(new SimpleMeterRegistry());
    }

    /** The process's registry, when one is bound. */
    @com.google.inject.Inject(optional = true)
    void useRegistry(MeterRegistry registry) {
        bind(registry);
    }

    private synchronized void bind(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("handoff.sessions.open", openSessions, AtomicInteger::get)
                .description("Live-agent sessions open (connecting, waiting, with an agent, reconnecting)")
                .register(registry);
        handedOff = Counter.builder("handoff.conversations.handed.off")
                .description("Conversations handed to a live agent (each counted once)")
                .register(registry);
        Counter started = Counter.builder(STARTED)
                .description("Conversations started with the bot")
                .register(registry);
        Gauge.builder("handoff.conversations.handed.off.share", this, m -> m.share(started))
                .description("Share of the conversations started since the process started that were handed off")
                .register(registry);
    }

    /** Counted by the routing ({@code Conversations}): the name is shared, the figure is one. */
    static final String STARTED = "handoff.conversations.started";

    private double share(Counter started) {
        double all = started.count();
        return all == 0 ? 0 : Math.min(1, handedOff.count() / all);
    }

    private synchronized MeterRegistry registry() {
        return registry;
    }

    // ---- the dialogue

    @Override
    public void menuShown(Conversation conversation, String stream) {
        if (OFFER_STREAM.equals(stream)) {
            registry().counter("handoff.offered").increment();
        }
    }

    // ---- one handoff's life

    /** {@code execute_handoff} ran the action: a handoff starts; returns its start time (the registry's clock). */
    long accepted(String department, boolean firstOfConversation) {
        MeterRegistry r = registry();
        r.counter("handoff.accepted", "department", tag(department)).increment();
        if (firstOfConversation) {
            Counter c;
            synchronized (this) {
                c = handedOff;
            }
            c.increment();
        }
        return r.config().clock().monotonicTime();
    }

    void sessionOpened() {
        openSessions.incrementAndGet();
    }

    void sessionClosed() {
        openSessions.decrementAndGet();
    }

    /** The live agent took the chat (first connection): counted, and the time since {@code acceptedAt}. */
    void connected(String department, long acceptedAt) {
        MeterRegistry r = registry();
        r.counter("handoff.connected", "department", tag(department)).increment();
        Timer.builder("handoff.connect")
                .description("From the handoff's start to the live agent's acceptance of the chat")
                .tag("department", tag(department))
                .register(r)
                .record(since(r, acceptedAt));
    }

    /** An agent joined the chat (a server that reports its queue): the time since {@code acceptedAt}. */
    void agentJoined(String department, long acceptedAt) {
        MeterRegistry r = registry();
        r.counter("handoff.agent.joined", "department", tag(department)).increment();
        Timer.builder("handoff.agent.wait")
                .description("From the handoff's start to an agent joining the chat (servers that report it)")
                .tag("department", tag(department))
                .register(r)
                .record(since(r, acceptedAt));
    }

    void failed(String department, LiveAgentFailure.Kind kind) {
        failed(department, kind.name().toLowerCase(Locale.ROOT));
    }

    /** {@code reason}: a failure kind in lower case, or {@code error} (the client could not open a session). */
    void failed(String department, String reason) {
        registry()
                .counter("handoff.failed", "department", tag(department), "reason", reason)
                .increment();
    }

    /**
     * The user gave up: {@code reason} {@code exit_command} (typed {@code /bot}) or {@code gone} (the conversation
     * closed); {@code stage} {@code waiting} (before an agent joined, or before the chat was accepted with a server
     * that does not report its queue) or {@code with_agent}.
     */
    void abandoned(String department, String reason, String stage) {
        registry()
                .counter("handoff.abandoned", "department", tag(department), "reason", reason, "stage", stage)
                .increment();
    }

    /** The agent ended the chat ({@code disconnect_socket}). */
    void resolved(String department) {
        registry().counter("handoff.resolved", "department", tag(department)).increment();
    }

    // ---- ratings

    void ratingAsked(String department) {
        registry()
                .counter("handoff.ratings.asked", "department", tag(department))
                .increment();
    }

    void ratingGiven(String department, int rating) {
        MeterRegistry r = registry();
        r.counter("handoff.ratings.given", "department", tag(department)).increment();
        DistributionSummary.builder("handoff.rating")
                .description("The ratings users gave (1 to 5)")
                .tag("department", tag(department))
                .register(r)
                .record(rating);
    }

    void ratingDelivered(String department) {
        registry()
                .counter("handoff.ratings.delivered", "department", tag(department))
                .increment();
    }

    /** {@code reason}: the server's code ({@code already_rated}, ...), {@code unreachable}, {@code timeout}. */
    void ratingFailed(String department, String reason) {
        registry()
                .counter("handoff.ratings.failed", "department", tag(department), "reason", ratingReason(reason))
                .increment();
    }

    /**
     * The reasons a rating fails that are tags: the documented codes of the desk and the client's own; any other
     * text a server sends is {@code other}, so a server cannot grow the series without bound.
     */
    static final java.util.Set<String> RATING_REASONS = java.util.Set.of(
            "unknown_chat",
            "chat_open",
            "already_rated",
            "invalid_rating",
            "invalid_key",
            "origin_not_allowed",
            "over_capacity",
            "bad_request",
            "busy",
            "internal",
            "rate_limited",
            "refused",
            "unreachable",
            "timeout",
            "lost",
            "closed");

    private static String ratingReason(String reason) {
        return reason != null && RATING_REASONS.contains(reason) ? reason : "other";
    }

    /** A department as a tag: a request without one (a library's) is {@code none}. */
    private static String tag(String department) {
        return department == null ? "none" : department;
    }

    private static Duration since(MeterRegistry r, long start) {
        return Duration.ofNanos(Math.max(0, r.config().clock().monotonicTime() - start));
    }
}
