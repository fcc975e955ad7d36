package dev.handoff.desk.server;

import dev.handoff.desk.cluster.ClusterBus;
import dev.handoff.desk.cluster.SharedConsoleSessions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * Cluster mode's console sessions: this node's {@link ConsoleSessions} kept in step with the other nodes'
 * through {@link SharedConsoleSessions} (Redis keys {@code PREFIX:session:SHA256} and the channel {@code
 * sessions}; see there for what is shared and how it fails). The one place that knows both sides, for
 * {@code desk.cluster} never imports {@code desk.server}: each side's interface is implemented here by
 * forwarding to the other.
 */
final class SharedSessions {
    private SharedSessions() {}

    /**
     * The console's sessions of a node of the cluster on {@code bus}, the live ones loaded from Redis first.
     * Blocks up to {@link SharedConsoleSessions#LOAD_WAIT}: call it at start, never on an event thread.
     * {@link ConsoleSessions#close()} stops the sharing.
     */
    static ConsoleSessions open(ClusterBus bus) {
        return open(
                bus,
                SharedConsoleSessions.Settings.of(ConsoleSessions.IDLE, ConsoleSessions.MAX_SESSIONS),
                System::nanoTime);
    }

    static ConsoleSessions open(ClusterBus bus, SharedConsoleSessions.Settings settings, LongSupplier nanoClock) {
        SharedConsoleSessions shared = new SharedConsoleSessions(bus, settings);
        ConsoleSessions sessions = new ConsoleSessions(settings.idle(), nanoClock, new Share(shared));
        shared.start(new Replica(sessions));
        return sessions;
    }

    /** What happens here, told to the cluster. */
    private record Share(SharedConsoleSessions shared) implements ConsoleSessions.Share {
        @Override
        public CompletionStage<Void> started(String key, String agent) {
            return shared.started(key, agent);
        }

        @Override
        public void used(String key) {
            shared.used(key);
        }

        @Override
        public void ended(String key, boolean known) {
            shared.ended(key, known);
        }

        @Override
        public void close() {
            shared.close();
        }
    }

    /** What happens elsewhere, taken here. */
    private record Replica(ConsoleSessions sessions) implements SharedConsoleSessions.Replica {
        @Override
        public void started(String key, String agent) {
            sessions.startedElsewhere(key, agent);
        }

        @Override
        public void seen(String key, String agent, Duration left) {
            sessions.seenElsewhere(key, agent, left);
        }

        @Override
        public void ended(String key) {
            sessions.endedElsewhere(key);
        }

        @Override
        public String agent(String key) {
            return sessions.agentOfKey(key);
        }

        @Override
        public Set<String> held() {
            return sessions.held();
        }
    }
}
