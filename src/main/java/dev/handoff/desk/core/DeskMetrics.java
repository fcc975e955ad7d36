package dev.handoff.desk.core;

import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.store.ChatFacts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The desk's meters (README "Metrics and reports"), counted where things happen: the {@link HelpDesk} calls in under
 * its lock, and nothing here blocks, does I/O or takes a lock of its own beyond Micrometer's lock-free meters (every
 * meter is made up front, so none is registered under the desk's lock).
 *
 * <p>Tags are bounded: {@code department} is one of the configured departments, any other (a chat a previous run
 * queued in a department no longer configured) is {@value #OTHER}; then {@code reason}, {@code how}, {@code to},
 * {@code status} and {@code sender}, each from a fixed list. Never an agent, a user, a chat or a message.
 *
 * <p>The gauges (queue length and oldest wait, agents signed in) read figures per department that {@link
 * #queueChanged} and {@link #agentsChanged} write under the desk's lock, only for what changed (one volatile write
 * per department); a scrape reads them, and the desk's clock for the oldest wait, without the desk's lock.
 */
final class DeskMetrics {
    static final String OTHER = "other";

    private final Map<String, Department> departments = new LinkedHashMap<>();
    private final Department other;

    /** The queue figures of one department a gauge reads; replaced whole. */
    private record Queue(int queued, Instant oldestQueuedAt) {
        static final Queue EMPTY = new Queue(0, null);
    }

    /** The agents of one department a gauge reads; replaced whole. */
    private record Agents(int online, int away) {
        static final Agents EMPTY = new Agents(0, 0);
    }

    /** The meters of one department. */
    private static final class Department {
        final String name;
        volatile Queue queue = Queue.EMPTY;
        volatile Agents agents = Agents.EMPTY;
        final Map<String, Counter> queued = new LinkedHashMap<>();
        final Map<String, Counter> assigned = new LinkedHashMap<>();
        final Map<String, Counter> transferred = new LinkedHashMap<>();
        final Counter resolved;
        final Map<ArchiveReason, Counter> archived = new LinkedHashMap<>();
        final Map<ArchiveReason, Counter> abandoned = new LinkedHashMap<>();
        final Counter slaReminders;
        final Timer waitTime;
        final Timer firstResponseTime;
        final Timer handleTime;
        final DistributionSummary userMessages;
        final DistributionSummary agentMessages;
        final DistributionSummary rating;

        Department(String name, MeterRegistry registry, Clock clock, boolean agents) {
            this.name = name;
            for (String reason : QUEUED_REASONS)
                queued.put(
                        reason,
                        counter(registry, "desk.chats.queued", "Chats put in a department's queue", "reason", reason));
            for (String how : HOW)
                assigned.put(how, counter(registry, "desk.chats.assigned", "Chats given to an agent", "how", how));
            for (String to : TO)
                transferred.put(
                        to, counter(registry, "desk.chats.transferred", "Chats an agent transferred", "to", to));
            resolved = counter(registry, "desk.chats.resolved", "Chats an agent resolved");
            for (ArchiveReason r : ArchiveReason.values()) {
                archived.put(r, counter(registry, "desk.chats.archived", "Chats archived", "reason", r.wire()));
                abandoned.put(
                        r,
                        counter(
                                registry,
                                "desk.chats.abandoned",
                                "Chats archived before any agent had them",
                                "reason",
                                r.wire()));
            }
            slaReminders = counter(registry, "desk.sla.reminders", "Agents reminded of an unanswered chat (SLA)");
            waitTime = timer(registry, "desk.chat.wait.time", "From a chat's start until an agent first had it");
            firstResponseTime = timer(
                    registry, "desk.chat.first.response.time", "From a chat's start until an agent's first message");
            handleTime =
                    timer(registry, "desk.chat.handle.time", "From an agent first having a chat until it was resolved");
            userMessages = messages(registry, "user");
            agentMessages = messages(registry, "agent");
            rating = DistributionSummary.builder("desk.chat.rating")
                    .description("The users' satisfaction ratings, 1 to 5")
                    .tag("department", name)
                    .register(registry);
            Gauge.builder("desk.queue.length", this, d -> d.queue.queued())
                    .description("Chats waiting in the department's queue")
                    .tag("department", name)
                    .strongReference(true)
                    .register(registry);
            TimeGauge.builder(
                            "desk.queue.oldest.wait",
                            this,
                            TimeUnit.MILLISECONDS,
                            d -> d.oldestWaitMillis(clock.instant()))
                    .description("How long the chat waiting longest in the queue has waited (0: none waits)")
                    .tag("department", name)
                    .strongReference(true)
                    .register(registry);
            if (agents) {
                for (String status : List.of("online", "away")) {
                    Gauge.builder(
                                    "desk.agents.connected",
                                    this,
                                    d -> status.equals("online") ? d.agents.online() : d.agents.away())
                            .description("Agents signed in who serve the department, by status")
                            .tags("department", name, "status", status)
                            .strongReference(true)
                            .register(registry);
                }
            }
        }

        double oldestWaitMillis(Instant now) {
            Instant oldest = queue.oldestQueuedAt();
            return oldest == null
                    ? 0
                    : Math.max(0, Duration.between(oldest, now).toMillis());
        }

        private Counter counter(MeterRegistry registry, String meter, String description, String... tags) {
            return Counter.builder(meter)
                    .description(description)
                    .tag("department", name)
                    .tags(tags)
                    .register(registry);
        }

        private Timer timer(MeterRegistry registry, String meter, String description) {
            return Timer.builder(meter)
                    .description(description)
                    .tag("department", name)
                    .register(registry);
        }

        private DistributionSummary messages(MeterRegistry registry, String sender) {
            return DistributionSummary.builder("desk.chat.messages")
                    .description("Messages per archived chat, by sender (user, agent)")
                    .tags("department", name, "sender", sender)
                    .register(registry);
        }
    }

    /** Why a chat entered a queue: a new chat, a transfer to the department, or its agent gone (offline, removed). */
    static final List<String> QUEUED_REASONS = List.of("new", "transfer", "agent_gone");
    /** How a chat was assigned: an agent took it, the desk assigned it, or it was transferred to the agent. */
    static final List<String> HOW = List.of("take", "auto", "transfer");
    /** Where a chat was transferred: to an agent or to a department's queue. */
    static final List<String> TO = List.of("agent", "department");

    /** The gauges that read this desk's state, by name: removed when the desk is retired. */
    static final java.util.Set<String> GAUGES =
            java.util.Set.of("desk.queue.length", "desk.queue.oldest.wait", "desk.agents.connected");

    private final MeterRegistry registry;

    DeskMetrics(MeterRegistry registry, DeskConfig config, Clock clock) {
        this.registry = registry;
        for (String d : config.departments()) departments.put(d, new Department(d, registry, clock, true));
        this.other = new Department(OTHER, registry, clock, false);
    }

    /**
     * The desk is retired (a cluster node that no longer leads): its gauges leave the registry, so a desk made
     * later registers its own; counters, timers and summaries stay and go on counting.
     */
    void retire() {
        for (io.micrometer.core.instrument.Meter m : registry.getMeters()) {
            if (GAUGES.contains(m.getId().getName())) registry.remove(m);
        }
    }

    private Department of(String department) {
        Department d = department == null ? null : departments.get(department);
        return d == null ? other : d;
    }

    /** {@code reason}: one of {@link #QUEUED_REASONS}. */
    void queued(Chat chat, String reason) {
        count(of(chat.department()).queued, reason);
    }

    /**
     * The chat was assigned ({@code how}: one of {@link #HOW}); {@code facts} are the chat's before, so the wait is
     * recorded at its first assignment only.
     */
    void assigned(Chat chat, String how, ChatFacts before, Instant now) {
        Department d = of(chat.department());
        count(d.assigned, how);
        if (before.assignedAt() == null) d.waitTime.record(Duration.between(chat.createdAt, now));
    }

    /** {@code to}: one of {@link #TO}; the department the chat leaves. */
    void transferred(Chat chat, String to) {
        count(of(chat.department()).transferred, to);
    }

    /** An agent's first message in the chat, at {@code at}. */
    void firstResponse(Chat chat, Instant at) {
        of(chat.department()).firstResponseTime.record(Duration.between(chat.createdAt, at));
    }

    void slaReminder(Chat chat) {
        of(chat.department()).slaReminders.increment();
    }

    /** The chat was archived (its facts as archived): by reason, abandoned, resolved with its handle time, messages. */
    void archived(Chat chat, ArchiveReason reason) {
        Department d = of(chat.department());
        ChatFacts facts = chat.facts();
        d.archived.get(reason).increment();
        if (facts.assignedAt() == null) d.abandoned.get(reason).increment();
        if (reason == ArchiveReason.RESOLVED) {
            d.resolved.increment();
            if (facts.assignedAt() != null && facts.resolvedAt() != null)
                d.handleTime.record(Duration.between(facts.assignedAt(), facts.resolvedAt()));
        }
        d.userMessages.record(facts.userMessages());
        d.agentMessages.record(facts.agentMessages());
    }

    /**
     * A user rated a chat of {@code department} (1 to 5), once the rating is durable. Called off the desk's lock, from
     * the store's completion: it only reads the departments' map, which is filled once in the constructor.
     */
    void rated(String department, int rating) {
        of(department).rating.record(rating);
    }

    /**
     * The queue gauges of {@code department} (and of {@value #OTHER}, for a department no longer configured), from the
     * desk's queues (under its lock): how many chats wait, and since when the first one does. O(1), or O(departments
     * not configured) for those.
     */
    void queueChanged(String department, OpenChats open) {
        Department d = departments.get(department);
        if (d != null) {
            publish(d, open.queue(department).size(), oldest(open.queue(department)));
            return;
        }
        int queued = 0;
        Instant oldest = null;
        for (String other : open.queuedDepartments()) {
            if (departments.containsKey(other)) continue;
            var queue = open.queue(other);
            queued += queue.size();
            Instant at = oldest(queue);
            if (oldest == null || (at != null && at.isBefore(oldest))) oldest = at;
        }
        publish(this.other, queued, oldest);
    }

    private static Instant oldest(java.util.NavigableMap<OpenChats.Place, Chat> queue) {
        return queue.isEmpty() ? null : queue.firstKey().queuedAt();
    }

    private static void publish(Department d, int queued, Instant oldest) {
        Queue next = new Queue(queued, oldest);
        if (!next.equals(d.queue)) d.queue = next;
    }

    /** The agents' gauges, from the agents' state (under the desk's lock): O(agents × departments). */
    void agentsChanged(Collection<AgentState> agents) {
        for (Department d : departments.values()) {
            int online = 0;
            int away = 0;
            for (AgentState a : agents) {
                if (!a.connected() || !a.config.serves(d.name)) continue;
                if (a.away) away++;
                else online++;
            }
            Agents next = new Agents(online, away);
            if (!next.equals(d.agents)) d.agents = next;
        }
    }

    private static void count(Map<String, Counter> counters, String key) {
        Counter c = counters.get(key);
        if (c == null) throw new IllegalArgumentException("no such tag value: " + key);
        c.increment();
    }
}
