package dev.handoff.desk.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.store.JdbcChatStore;
import dev.handoff.desk.support.LocalPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The leader's election on the machine's PostgreSQL (a schema and a prefix per test). */
@Timeout(90)
class LeadershipTest {
    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final long WAIT_SECONDS = 15;

    /** Advisory locks are per database, not per schema: each test has a prefix, so a lock key, of its own. */
    private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);

    private LocalPostgres.Schema schema;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void migratedSchema() {
        schema = LocalPostgres.freshSchema();
        JdbcChatStore.open(schema.url(), null, null).close();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) closing.get(i).close();
        schema.close();
    }

    /** What a node's listener heard: "elected N" and "lost N". */
    private final class Node implements Leadership.Listener {
        final BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        final Leadership leadership;

        Node(String name) {
            leadership = new Leadership(new Database(schema.url(), null, null), prefix, name, INTERVAL, this);
            closing.add(leadership);
            leadership.start();
        }

        @Override
        public void elected(long epoch) {
            heard.add("elected " + epoch);
        }

        @Override
        public void lost(long epoch, String why) {
            heard.add("lost " + epoch + ": " + why);
        }

        String next() throws InterruptedException {
            String event = heard.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(event).as("an election event within %d s", WAIT_SECONDS).isNotNull();
            return event;
        }
    }

    private static long epochOf(String event) {
        return Long.parseLong(event.substring("elected ".length()));
    }

    private Connection connection() throws SQLException {
        return DriverManager.getConnection(schema.url());
    }

    @Test
    void oneOfTwoNodesLeadsAndWhenItsConnectionDiesTheOtherLeadsWithAGreaterEpoch() throws Exception {
        Node a = new Node("a");
        long first = epochOf(a.next());
        assertThat(first).isEqualTo(1);
        Node b = new Node("b");
        // b tries every interval and fails, as long as a lives
        Thread.sleep(INTERVAL.toMillis() * 5);
        assertThat(b.heard).isEmpty();
        assertThat(b.leadership.leader()).isFalse();
        assertThat(a.leadership.leader()).isTrue();

        // a's connection dies (as when the network or its server process goes)
        try (Connection c = connection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?")) {
            s.setString(1, "handoff " + prefix + " a leadership");
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("a's leadership connection").isTrue();
            }
        }
        long second = epochOf(b.next());
        assertThat(second).isGreaterThan(first);
        assertThat(a.next()).isEqualTo("lost " + first + ": its database connection was lost");
        assertThat(a.leadership.leader()).isFalse();

        try (Connection c = connection()) {
            try (PreparedStatement s = c.prepareStatement("SELECT node FROM desk_leader WHERE id = 1");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("b");
            }
        }
        // a stays a follower while b leads
        Thread.sleep(INTERVAL.toMillis() * 3);
        assertThat(a.heard).isEmpty();
    }

    @Test
    void aLeaderThatStopsHandsTheLeadershipOn() throws Exception {
        Node a = new Node("a");
        long first = epochOf(a.next());
        Node b = new Node("b");
        a.leadership.close();
        assertThat(a.next()).isEqualTo("lost " + first + ": the node stopped");
        assertThat(epochOf(b.next())).isEqualTo(first + 1);
    }

    @Test
    void aLeaderInAnotherProcessKilledWithSigkillIsFollowedByANodeOfThisOne() throws Exception {
        Process child = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx64m",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        LeaderProcess.class.getName(),
                        schema.url(),
                        prefix,
                        "child"))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader r = new BufferedReader(
                                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                            for (String line = r.readLine(); line != null; line = r.readLine()) lines.add(line);
                        } catch (java.io.IOException ended) {
                            // the child was killed
                        }
                    },
                    "leader-child-output");
            reader.setDaemon(true);
            reader.start();
            String elected = lines.poll(60, TimeUnit.SECONDS);
            assertThat(elected).as("the child's election").isEqualTo("leader 1");

            Node here = new Node("here");
            Thread.sleep(INTERVAL.toMillis() * 5);
            assertThat(here.heard).isEmpty();

            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(here.next()).isEqualTo("elected 2");
            assertThat(here.leadership.epoch()).isEqualTo(2);
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void eachPrefixHasALockOfItsOwn() {
        assertThat(Leadership.lockKey("handoff")).isEqualTo(Leadership.lockKey("handoff"));
        assertThat(Leadership.lockKey("handoff")).isNotEqualTo(Leadership.lockKey("handoff-2"));
    }
}
