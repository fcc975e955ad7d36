package dev.handoff.desk.security.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.SecurityConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.LogCapture;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestDesks;
import io.socket.client.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each {@code /agents} connection has an event rate: over it events are refused, far over it the connection goes. */
class EventRateLimitTest {
    static final int PER_SECOND = 5;
    static final int BURST = 10;

    @TempDir
    Path data;

    @Test
    void eventsOverTheRateAreRefusedAsRateLimitedAndAFloodDisconnectsTheConnectionOnly() {
        DeskConfig base = TestDesks.config(data);
        SecurityConfig.Limits d = SecurityConfig.Limits.DEFAULT;
        DeskConfig config = base.withSecurity(base.security()
                .withLimits(new SecurityConfig.Limits(
                        d.connectionsPerAddress(),
                        d.unidentifiedPerAddress(),
                        d.identifyWithin(),
                        d.keylessChatsPerMinute(),
                        PER_SECOND,
                        BURST,
                        d.signInFailures(),
                        d.signInLockout())));
        DeskService desk = TestDesks.start(config);
        try (LogCapture log = LogCapture.of("dev.handoff.desk");
                TestAgent ann = TestAgent.signIn(TestDesks.url(config), "ann", "ann-token");
                TestAgent bob = TestAgent.signIn(TestDesks.url(config), "bob", "bob-token")) {
            ann.events.await(AgentEvents.QUEUE); // the one sent at sign-in
            for (int i = 0; i < 3 * BURST; i++) ann.emit(AgentEvents.GET_QUEUE);
            JSONObject refused = (JSONObject) ann.events.await(AgentEvents.ERROR);
            assertThat(refused.optString("code")).isEqualTo("rate_limited");
            assertThat(refused.optString("event")).isEqualTo(AgentEvents.GET_QUEUE);
            for (int i = 0; i < 2 * BURST - 1; i++) ann.events.await(AgentEvents.ERROR);
            int answered = ann.events.all(AgentEvents.QUEUE).size() - 1;
            assertThat(answered).as("about a burst answered").isBetween(BURST, BURST + 3);
            assertThat(ann.connected()).isTrue();

            for (int i = 0; i < 20 * BURST; i++) ann.emit(AgentEvents.GET_QUEUE);
            ann.events.await(Socket.EVENT_DISCONNECT);
            assertThat(log.awaitWarning("refused in a row over the rate; disconnected"))
                    .contains("agent ann");
            assertThat(log.messages().stream().filter(m -> m.contains("are refused with rate_limited")))
                    .as("one warning for the run of refusals")
                    .hasSize(1);

            bob.emit(AgentEvents.GET_QUEUE);
            bob.events.await(AgentEvents.QUEUE, q -> true, Duration.ofSeconds(10));
            bob.events.await(AgentEvents.QUEUE, q -> true, Duration.ofSeconds(10));
            assertThat(bob.connected())
                    .as("another connection is not disturbed")
                    .isTrue();
        } finally {
            desk.stop();
        }
    }
}
