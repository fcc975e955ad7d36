package dev.handoff.desk.security.bots;

import static dev.handoff.desk.security.bots.BotDesk.KEYLESS_BOT;
import static dev.handoff.desk.security.bots.BotDesk.code;
import static dev.handoff.desk.security.bots.BotDesk.userMessagesSeenBy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.support.AgentScript;
import dev.handoff.desk.support.LogCapture;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestBot;
import dev.handoff.liveagent.LiveAgentSession;
import dev.handoff.liveagent.RecordingListener;
import dev.handoff.liveagent.socketio.SocketIoLiveAgentClient;
import dev.handoff.liveagent.socketio.SocketIoSettings;
import dev.handoff.protocol.LiveAgentEvents;
import io.socket.client.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events per connection on {@code /live_agent}: {@code security.limits.eventsPerSecond} and {@code eventBurst}. */
class EventRateTest {
    static final Map<String, Object> SALES = Map.of("department", "sales");

    @TempDir
    Path data;

    BotDesk desk;

    @AfterEach
    void stop() {
        if (desk != null) desk.close();
    }

    @Test
    void userMessagesOverTheRateAreRefusedRateLimitedAndLaterOnesWaitForTheFirstRefused() throws Exception {
        desk = BotDesk.start(data, s -> s.withKeylessBots(true).withLimits(BotDesk.limits(600, 1, 6)));
        try (TestAgent ann = TestAgent.signIn(desk.url, "ann", "ann-token");
                TestBot bot = TestBot.delivery(desk.url, "conv-fast", SALES)) {
            String chatId = ann.nextAssigned();
            bot.events.await(TestBot.USERNAME_ACK);
            bot.events.await(LiveAgentEvents.MESSAGES);
            for (int i = 1; i <= 10; i++) bot.say("m" + i, "message " + i);
            List<String> codes = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                String id = "m" + i;
                codes.add(code(bot.events.await(
                        TestBot.FROM_USER_ACK,
                        a -> ((JSONObject) a).optString("id").equals(id))));
            }
            int accepted = codes.indexOf("rate_limited");
            assertThat(accepted).as("the burst passes: %s", codes).isBetween(1, 5);
            assertThat(codes.subList(accepted, 10))
                    .as("once one is refused, every later one is refused until it comes again")
                    .containsOnly("rate_limited");

            Thread.sleep(2_500); // tokens again
            String later = "m" + (accepted + 2);
            bot.say(later, "message " + (accepted + 2));
            assertThat(code(bot.events.await(
                            TestBot.FROM_USER_ACK,
                            a -> ((JSONObject) a).optString("id").equals(later))))
                    .as("a later message does not overtake the refused one")
                    .isEqualTo("rate_limited");
            String first = "m" + (accepted + 1);
            bot.say(first, "message " + (accepted + 1));
            assertThat(code(bot.events.await(
                            TestBot.FROM_USER_ACK,
                            a -> ((JSONObject) a).optString("id").equals(first))))
                    .isNull();
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= accepted + 1; i++) expected.add("message " + i);
            ann.events.await(
                    AgentEvents.MESSAGE, m -> ((JSONObject) m).optString("text").equals("message " + (accepted + 1)));
            assertThat(userMessagesSeenBy(ann, chatId)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void ourClientSendsRateLimitedMessagesAgainAndTheAgentGetsEveryOneInOrder() {
        desk = BotDesk.start(data, s -> s.withKeylessBots(true).withLimits(BotDesk.limits(600, 4, 5)));
        RecordingListener user = new RecordingListener();
        try (SocketIoLiveAgentClient client = new SocketIoLiveAgentClient(SocketIoSettings.defaults());
                AgentScript ann = AgentScript.agent(desk.url, "ann")) {
            LiveAgentSession session = client.open(desk.request("conv-typist", KEYLESS_BOT), user);
            user.await("connected");
            ann.expectAssigned("conv-typist");
            List<String> sent = new ArrayList<>();
            for (int i = 1; i <= 25; i++) {
                session.send("fast " + i);
                sent.add("fast " + i);
            }
            ann.raw()
                    .events
                    .await(
                            AgentEvents.MESSAGE,
                            m -> ((JSONObject) m).optString("text").equals("fast 25"),
                            Duration.ofSeconds(60));
            assertThat(userMessagesSeenBy(ann.raw(), ann.chatId())).containsExactlyElementsOf(sent);
            assertThat(user.calls())
                    .as("rate_limited is retried, never reported to the user")
                    .noneMatch(c -> c.startsWith("not delivered") || c.startsWith("failed"));
        }
    }

    @Test
    void aConnectionFarOverItsRateIsClosedAndTheLogSaysSoInFewLines() {
        desk = BotDesk.start(data, s -> s.withKeylessBots(true).withLimits(BotDesk.limits(600, 1, 3)));
        try (LogCapture log = LogCapture.of(BotKeysTest.ENDPOINT_LOG);
                TestBot flood = TestBot.connect(desk.url, "conv-flood", SALES, List.of())) {
            flood.events.await(LiveAgentEvents.MESSAGES);
            for (int i = 0; i < 200 && flood.connected(); i++) flood.say("flood " + i);
            flood.events.await(Socket.EVENT_DISCONNECT);
            log.awaitWarning("far over its event rate");
            assertThat(log.messages().stream().filter(m -> m.contains("over its rate of 1 events/s")))
                    .as("refusals are logged once per 10 s, with their count")
                    .hasSizeBetween(1, 2);
        }
    }

    @Test
    void eventsOverTheRateFromAClientWithoutTheDeliveryAdditionAreDropped() throws Exception {
        desk = BotDesk.start(data, s -> s.withKeylessBots(true).withLimits(BotDesk.limits(600, 1, 5)));
        try (TestAgent ann = TestAgent.signIn(desk.url, "ann", "ann-token");
                TestBot seed = TestBot.connect(desk.url, "conv-seed", SALES, List.of())) {
            String chatId = ann.nextAssigned();
            seed.events.await(LiveAgentEvents.MESSAGES);
            for (int i = 1; i <= 10; i++) seed.say("seed " + i);
            ann.events.await(
                    AgentEvents.MESSAGE, m -> ((JSONObject) m).optString("text").equals("seed 1"));
            Thread.sleep(500);
            List<String> seen = userMessagesSeenBy(ann, chatId);
            assertThat(seen)
                    .hasSizeBetween(1, 4)
                    .isEqualTo(List.of("seed 1", "seed 2", "seed 3", "seed 4").subList(0, seen.size()));
            assertThat(seed.connected()).as("dropped, not disconnected").isTrue();
        }
    }
}
