package dev.handoff.desk.security.bots;

import static dev.handoff.desk.security.bots.BotDesk.SHOP;
import static dev.handoff.desk.security.bots.BotDesk.SHOP_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.util.Modules;
import dev.handoff.HandoffRuntime;
import dev.handoff.desk.config.SecurityConfig;
import dev.handoff.desk.support.LogCapture;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.dialogue.Reply;
import dev.handoff.dialogue.TestRuntime;
import dev.handoff.humanhandoff.Handoff;
import dev.handoff.humanhandoff.HandoffSettings;
import dev.handoff.humanhandoff.HandoffState;
import dev.handoff.liveagent.LiveAgentFailure;
import dev.handoff.liveagent.RecordingListener;
import dev.handoff.liveagent.socketio.SocketIoLiveAgentClient;
import dev.handoff.liveagent.socketio.SocketIoSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our client presents the bot's key: in the handshake, from the preset's {@code live_agent_key}. */
class ClientKeyTest {

    /** The client's settings; a subclass runs every test here on another implementation. */
    SocketIoSettings settings() {
        return SocketIoSettings.defaults();
    }

    static final String BOT =
            """
            id: %s
            languages: [en]
            presets:
              human_handoff:
                live_agent_url: %s
                live_agent_key: %s
                collect_contact: false
                departments:
                  - id: sales
                    label: {en: Sales}
            intents:
              greet: {en: [hi]}
            responses:
              hello: {en: Hello!}
            streams:
              greeting: {trigger: greet, steps: [{say: hello}]}
            """;

    @TempDir
    Path data;

    BotDesk desk;
    SocketIoLiveAgentClient client;
    HandoffRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) runtime.close();
        if (client != null) client.close();
        if (desk != null) desk.close();
    }

    private SocketIoLiveAgentClient client() {
        client = new SocketIoLiveAgentClient(settings());
        return client;
    }

    @Test
    void theClientSendsTheKeyInTheHandshakeAndADeskWithoutKeylessBotsTakesIt() {
        desk = BotDesk.start(data, s -> s.withKeylessBots(false));
        RecordingListener user = new RecordingListener();
        try (TestAgent ann = TestAgent.signIn(desk.url, "ann", "ann-token")) {
            client().open(desk.request("conv-1", SHOP).withKey(SHOP_KEY), user);
            user.await("connected");
            assertThat(ann.nextAssigned()).isNotBlank();
        }
    }

    @Test
    void aWrongKeyOrNoKeyEndsTheHandoffAsRefusedAndTheKeyIsNeverLogged() {
        desk = BotDesk.start(data, s -> s.withKeylessBots(false));
        String wrong = "wrong-key-5d1f0e9a77c3b2a4";
        try (LogCapture log = LogCapture.of("dev.handoff")) {
            RecordingListener wrongKey = new RecordingListener();
            client().open(desk.request("conv-1", SHOP).withKey(wrong), wrongKey);
            LiveAgentFailure failure = wrongKey.awaitFailure();
            assertThat(failure.kind()).isEqualTo(LiveAgentFailure.Kind.REFUSED);
            assertThat(failure.detail()).contains("invalid_key").doesNotContain(wrong);

            RecordingListener noKey = new RecordingListener();
            client.open(desk.request("conv-2", SHOP), noKey);
            assertThat(noKey.awaitFailure().kind()).isEqualTo(LiveAgentFailure.Kind.REFUSED);
            assertThat(noKey.failure().detail()).contains("invalid_key");

            assertThat(log.messages()).isNotEmpty().noneMatch(m -> m.contains(wrong) || m.contains(SHOP_KEY));
        }
    }

    @Test
    void thePresetReadsTheKeyFromTheEnvironmentAndTheUserIsConnected() {
        // any variable this JVM has stands for the operator's secret
        Map.Entry<String, String> variable = System.getenv().entrySet().stream()
                .filter(e -> e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")
                        && !e.getValue().isEmpty())
                .findFirst()
                .orElseThrow();
        desk = BotDesk.start(data, s -> s.withKeylessBots(false)
                .withBots(List.of(new SecurityConfig.BotConfig(SHOP, variable.getValue(), 0))));
        List<Reply> replies = new CopyOnWriteArrayList<>();
        try (TestAgent ann = TestAgent.signIn(desk.url, "ann", "ann-token")) {
            runtime = TestRuntime.with(client(), Modules.EMPTY_MODULE);
            var definition = runtime.botLoader()
                    .loadOrThrow("shop.yaml", BOT.formatted(SHOP, desk.url, "${" + variable.getKey() + "}"));
            HandoffSettings settings =
                    definition.settings(HandoffSettings.class).orElseThrow();
            assertThat(settings.toString()).doesNotContain(variable.getValue());
            var conversation = runtime.conversations()
                    .open("conv-env", runtime.bot(definition), "en", (id, reply) -> replies.add(reply));
            runtime.conversations().send("conv-env", "I want to talk to a human");
            runtime.conversations().send("conv-env", "Sales");
            assertThat(ann.nextAssigned()).isNotBlank();
            await(() -> Handoff.stateOf(conversation) == HandoffState.WITH_AGENT);
        }
    }

    @Test
    void aKeyTheDeskRefusesEndsTheHandoffAndTheUserIsTold() {
        desk = BotDesk.start(data, s -> s.withKeylessBots(true));
        List<Reply> replies = new CopyOnWriteArrayList<>();
        runtime = TestRuntime.with(client(), Modules.EMPTY_MODULE);
        var definition =
                runtime.botLoader().loadOrThrow("shop.yaml", BOT.formatted(SHOP, desk.url, "not-the-shop-key-123456"));
        var conversation = runtime.conversations()
                .open("conv-wrong", runtime.bot(definition), "en", (id, reply) -> replies.add(reply));
        runtime.conversations().send("conv-wrong", "I want to talk to a human");
        runtime.conversations().send("conv-wrong", "Sales");
        await(() -> Handoff.stateOf(conversation) == HandoffState.FAILED);
        assertThat(replies)
                .anyMatch(r -> r instanceof Reply.SystemNotice n && n.text().contains("no agent could be reached"));
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out");
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
