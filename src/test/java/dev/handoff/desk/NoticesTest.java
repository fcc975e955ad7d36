package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestBot;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.protocol.LiveAgentEvents;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notices addition over real sockets: a bot that accepts it is told its chat's place in the queue and
 * who joined; a bot that does not sees exactly PROTOCOL.md.
 */
class NoticesTest {
    /** The test desk with one agent per chat, and ann shown to users as Thandi. */
    static final String YAML = TestDesks.YAML.replace(
            "{name: ann, token: ann-token, departments: [sales], maxChats: 2,",
            "{name: ann, displayName: Thandi, token: ann-token, departments: [sales], maxChats: 1,");

    static final Map<String, Object> NOTICES = Map.of("department", "sales", "notices", 1);

    @TempDir
    Path data;

    DeskConfig config;
    DeskService desk;
    String url;

    @BeforeEach
    void start() {
        config = DeskConfigLoader.parse(YAML, "notices desk").withDataDir(data).withPort(Sockets.freePort());
        desk = TestDesks.start(config);
        url = TestDesks.url(config);
    }

    @AfterEach
    void stop() {
        desk.stop();
    }

    static boolean position(Object payload, int position, String department) {
        JSONObject p = (JSONObject) payload;
        return p.optInt("position") == position && p.optString("department").equals(department);
    }

    /** The next bot, once {@code before}'s chat is queued (its {@code messages} came): chats queue in order. */
    static TestBot queued(TestBot before, java.util.function.Supplier<TestBot> next) {
        before.events.await(LiveAgentEvents.MESSAGES);
        return next.get();
    }

    @Test
    void theDeskOffersNoticesAndTellsABotThatAcceptsThemItsPlaceThenWhoJoinedThenThatItWaitsAgain() throws Exception {
        try (TestBot first = TestBot.delivery(url, "conv-1", NOTICES)) {
            JSONObject start = (JSONObject) first.events.await(LiveAgentEvents.START_CONVERSATION);
            assertThat(start.getInt("notices")).isEqualTo(1);
            first.events.await(TestBot.USERNAME_ACK);
            first.events.await(LiveAgentEvents.QUEUE_POSITION, p -> position(p, 1, "sales"));
            try (TestBot second = TestBot.delivery(url, "conv-2", NOTICES)) {
                second.events.await(LiveAgentEvents.QUEUE_POSITION, p -> position(p, 2, "sales"));
                // the acknowledgement comes first: a client knows its chat before it hears of the queue
                assertThat(second.events.names())
                        .containsSubsequence(TestBot.USERNAME_ACK, LiveAgentEvents.QUEUE_POSITION);

                try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token")) {
                    String chatId = ann.nextAssigned();
                    JSONObject joined = (JSONObject) first.events.await(LiveAgentEvents.AGENT_JOINED);
                    assertThat(joined.getString("agent")).isEqualTo("Thandi");
                    assertThat(joined.getString("language")).isEqualTo("en");
                    second.events.await(LiveAgentEvents.QUEUE_POSITION, p -> position(p, 1, "sales"));

                    ann.emit(AgentEvents.TRANSFER, "chatId", chatId, "department", "support");
                    first.events.await(LiveAgentEvents.QUEUE_POSITION, p -> position(p, 1, "support"));
                    JSONObject next = (JSONObject) second.events.await(LiveAgentEvents.AGENT_JOINED);
                    assertThat(next.getString("agent")).isEqualTo("Thandi");
                }
            }
            assertThat(first.events.all(LiveAgentEvents.AGENT_JOINED))
                    .as("told once")
                    .hasSize(1);
        }
    }

    @Test
    void aBotWithoutTheDeliveryAdditionMayStillAcceptNotices() throws Exception {
        try (TestBot bot = TestBot.connect(url, "conv-legacy-notices", NOTICES, List.of())) {
            bot.events.await(LiveAgentEvents.QUEUE_POSITION, p -> position(p, 1, "sales"));
            try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token")) {
                ann.nextAssigned();
                JSONObject joined = (JSONObject) bot.events.await(LiveAgentEvents.AGENT_JOINED);
                assertThat(joined.getString("agent")).isEqualTo("Thandi");
            }
        }
    }

    @Test
    void botsThatDoNotAcceptNoticesHearNothingNewWhileOneThatDoesHearsItAll() {
        Map<String, Object> sales = Map.of("department", "sales");
        try (TestBot legacy = TestBot.connect(url, "conv-legacy", sales, List.of());
                TestBot deliveryOnly = queued(legacy, () -> TestBot.delivery(url, "conv-delivery", sales));
                TestBot witness = queued(deliveryOnly, () -> TestBot.delivery(url, "conv-witness", NOTICES))) {
            witness.events.await(LiveAgentEvents.QUEUE_POSITION, p -> position(p, 3, "sales"));
            try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token")) {
                String legacyChat = ann.nextAssigned();
                ann.emit(AgentEvents.RESOLVE, "chatId", legacyChat);
                legacy.events.await(LiveAgentEvents.DISCONNECT_SOCKET);
                ann.nextAssigned();
                // the witness moved up twice: by then the desk has told everyone who asked
                witness.events.await(LiveAgentEvents.QUEUE_POSITION, p -> position(p, 1, "sales"));
            }
            for (TestBot bot : List.of(legacy, deliveryOnly)) {
                assertThat(bot.events.all(LiveAgentEvents.QUEUE_POSITION)).isEmpty();
                assertThat(bot.events.all(LiveAgentEvents.AGENT_JOINED)).isEmpty();
            }
        }
    }
}
