package dev.handoff.desk.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.corundumstudio.socketio.SocketIOClient;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The console's sessions: idle expiry, kept alive by an open connection, ended by sign-out, ids never guessed. */
class ConsoleSessionsTest {
    final AtomicLong now = new AtomicLong();
    final ConsoleSessions sessions = new ConsoleSessions(Duration.ofHours(12), now::get);

    @Test
    void aSessionNamesItsAgentUntilItIsIdleForTwelveHours() {
        String id = start("ann");
        assertThat(id).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(start("ann")).isNotEqualTo(id);
        advance(Duration.ofHours(11));
        assertThat(sessions.agentOf(id)).hasValue("ann");
        advance(Duration.ofHours(11)); // 11 h after its last use
        assertThat(sessions.agentOf(id)).hasValue("ann");
        advance(Duration.ofHours(12).plusSeconds(1));
        assertThat(sessions.agentOf(id)).isEmpty();
        assertThat(sessions.agentOf(id)).as("forgotten for good").isEmpty();
    }

    @Test
    void theSessionsKeptAreCountedForTheGaugeAsTheyStartEndAndExpire() {
        String ann = start("ann");
        String bob = start("bob");
        assertThat(sessions.size()).isEqualTo(2);
        sessions.end(bob);
        assertThat(sessions.size()).isEqualTo(1);
        advance(Duration.ofHours(12).plusSeconds(1));
        sessions.agentOf(ann);
        assertThat(sessions.size()).isZero();
    }

    @Test
    void anOpenConnectionKeepsItsSessionAliveAndSignOutReturnsItToBeDisconnected() {
        String id = start("ann");
        SocketIOClient socket = client();
        assertThat(sessions.attach(id, socket)).isTrue();
        advance(Duration.ofDays(3));
        assertThat(sessions.agentOf(id)).as("in use all along").hasValue("ann");
        sessions.detach(id, socket);
        advance(Duration.ofHours(12).plusSeconds(1));
        assertThat(sessions.agentOf(id)).isEmpty();

        String other = start("bob");
        SocketIOClient open = client();
        sessions.attach(other, open);
        assertThat(sessions.end(other)).containsExactly(open);
        assertThat(sessions.agentOf(other)).isEmpty();
        assertThat(sessions.attach(other, client()))
                .as("a connection of an ended session")
                .isFalse();
    }

    @Test
    void anUnknownEmptyOrOverlongIdNamesNobody() {
        start("ann");
        assertThat(sessions.agentOf(null)).isEmpty();
        assertThat(sessions.agentOf("")).isEmpty();
        assertThat(sessions.agentOf("forged")).isEmpty();
        assertThat(sessions.agentOf("x".repeat(10_000))).isEmpty();
        assertThat(sessions.end("forged")).isEmpty();
    }

    @Test
    void theTableIsBoundedAndForgetsTheSessionIdleLongestFirst() {
        String oldest = start("ann");
        String second = start("agent-1");
        for (int i = 2; i < ConsoleSessions.MAX_SESSIONS; i++) start("agent-" + i);
        assertThat(sessions.agentOf(oldest)).as("full, none forgotten yet").hasValue("ann");
        String newest = start("bob");
        assertThat(sessions.agentOf(second)).as("the one idle longest goes").isEmpty();
        assertThat(sessions.agentOf(oldest)).as("used a moment ago").hasValue("ann");
        assertThat(sessions.agentOf(newest)).hasValue("bob");
    }

    private String start(String agent) {
        return sessions.start(agent).toCompletableFuture().join();
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    private static SocketIOClient client() {
        return (SocketIOClient) Proxy.newProxyInstance(
                SocketIOClient.class.getClassLoader(), new Class<?>[] {SocketIOClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("hashCode")) return System.identityHashCode(proxy);
                    if (method.getName().equals("equals")) return proxy == args[0];
                    if (method.getName().equals("toString")) return "client";
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
