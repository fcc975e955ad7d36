package dev.handoff.humanhandoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.HandoffRuntime;
import dev.handoff.dialogue.Bot;
import dev.handoff.dialogue.ConversationScript;
import dev.handoff.dialogue.Reply;
import dev.handoff.dialogue.TestRuntime;
import dev.handoff.liveagent.TestLiveAgentServer;
import dev.handoff.liveagent.socketio.SocketIoLiveAgentClient;
import dev.handoff.liveagent.socketio.SocketIoSettings;
import dev.handoff.protocol.LiveAgentEvents;
import dev.handoff.routing.Route;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The human_handoff preset end to end over the real Socket.IO client, against a real Socket.IO
 * server (netty-socketio) playing the live agent: every event of PROTOCOL.md through the dialogue
 * manager, the buffering, the failure paths, and many conversations at once.
 */
class HandoffOverSocketIoTest {

    /** The client's settings; a subclass runs every test here on another implementation. */
    SocketIoSettings settings() {
        return SocketIoSettings.defaults();
    }

    private static final String BOT =
            """
            id: socket-bot
            languages: [en, zu]
            presets:
              human_handoff:
                live_agent_url: %s
                collect_contact: %s
                connect_timeout_seconds: %d
                reconnect_timeout_seconds: 20
                departments:
                  - id: billing
                    label: {en: Billing}
            intents:
              greet:
                en: [hi]
                zu: [sawubona]
            responses:
              hello: {en: Hello!, zu: Sawubona!}
            streams:
              greeting:
                trigger: greet
                steps:
                  - say: hello
            """;
    private static final String OFFER = "Would you like to chat with one of our agents?";

    private TestLiveAgentServer liveAgent;
    private SocketIoLiveAgentClient client;
    private HandoffRuntime runtime;

    @BeforeEach
    void setUp() {
        liveAgent = TestLiveAgentServer.start();
        client = new SocketIoLiveAgentClient(
                settings().withReconnectionDelays(Duration.ofMillis(100), Duration.ofMillis(500)));
        runtime = TestRuntime.with(client, com.google.inject.util.Modules.EMPTY_MODULE);
    }

    @AfterEach
    void tearDown() {
        runtime.close();
        liveAgent.close();
    }

    private Bot bot(boolean collectContact, int connectTimeoutSeconds) {
        String yaml = BOT.formatted(liveAgent.url(), collectContact, connectTimeoutSeconds);
        return runtime.bot(runtime.botLoader().loadOrThrow("socket-bot.yaml", yaml));
    }

    private ConversationScript handOff(Bot bot, String id) {
        return ConversationScript.open(runtime.conversations(), bot, id, "en")
                .send("agent")
                .expectButtons(OFFER, "Billing", "Continue with the bot")
                .send("1")
                .expectBotContaining("Connecting you");
    }

    @Test
    void everyProtocolEventFlowsBetweenTheUserAndTheLiveAgent() {
        var s = ConversationScript.open(runtime.conversations(), bot(true, 10), "conv-a", "en")
                .send("hi")
                .expectBot("Hello!")
                .send("talk to a real person")
                .expectButtons(OFFER, "Billing", "Continue with the bot")
                .pick("Billing")
                .expectBotContaining("what is your name")
                .send("Thandi")
                .expectBotContaining("email address or phone number")
                .send("thandi@example.org")
                .expectBotContaining("Connecting you");

        var connection = liveAgent.awaitConversation("conv-a");
        s.expectSystem("You are now chatting with a live agent.").expectState(HandoffState.WITH_AGENT);
        JsonNode username = connection.first(LiveAgentEvents.USERNAME);
        assertThat(username.path("ConversationID").asText()).isEqualTo("conv-a");
        assertThat(username.path("BotID").asText()).isEqualTo("socket-bot");
        assertThat(username.path("department").asText()).isEqualTo("billing");
        assertThat(username.path("language").asText()).isEqualTo("en");
        assertThat(username.path("contact").path("name").asText()).isEqualTo("Thandi");
        assertThat(username.path("contact").path("email").asText()).isEqualTo("thandi@example.org");

        liveAgent.requestMessages("conv-a");
        JsonNode history = liveAgent.awaitEvent("conv-a", LiveAgentEvents.MESSAGES_TO_CLIENT);
        assertThat(history.path("bot_id").asText()).isEqualTo("socket-bot");
        assertThat(history.path("messages").get(0).path("sender").asText()).isEqualTo("user");
        assertThat(history.path("messages").get(0).path("message").asText()).isEqualTo("hi");
        assertThat(history.path("messages").get(1).path("sender").asText()).isEqualTo("bot");
        assertThat(history.path("messages").get(1).path("message").asText()).isEqualTo("Hello!");

        liveAgent.emitToUser("conv-a", "Hello Thandi, how can I help?");
        s.expectAgent("Hello Thandi, how can I help?");
        s.send("hi").expectRouted(Route.LIVE_AGENT);
        assertThat(liveAgent.awaitFromUser("conv-a", 1)).containsExactly("hi");
        JsonNode fromUser = liveAgent.awaitEvent("conv-a", LiveAgentEvents.FROM_USER);
        assertThat(fromUser.path("ConversationID").asText()).isEqualTo("conv-a");
        assertThat(fromUser.path("BotID").asText()).isEqualTo("socket-bot");

        liveAgent.endChat("conv-a");
        s.expectSystem("The agent has ended the chat. You are back with the bot.")
                .expectState(HandoffState.BACK_WITH_BOT)
                .send("hi")
                .expectBot("Hello!");
        liveAgent.awaitDisconnected("conv-a");
        // no bot reply was sent while the agent had the conversation
        assertThat(s.everything())
                .filteredOn(r -> r instanceof Reply.BotText && r.text().equals("Hello!"))
                .hasSize(2);
    }

    @Test
    void aLiveAgentUrlGivenWithTheLiveAgentNamespaceConnectsToThatNamespaceOnce() {
        String yaml = BOT.formatted(liveAgent.url() + "/live_agent", false, 10);
        Bot bot = runtime.bot(runtime.botLoader().loadOrThrow("socket-bot.yaml", yaml));
        var s = handOff(bot, "conv-ns");
        liveAgent.awaitConversation("conv-ns");
        s.expectSystem("You are now chatting with a live agent.").expectState(HandoffState.WITH_AGENT);
        s.send("hello");
        assertThat(liveAgent.awaitFromUser("conv-ns", 1)).containsExactly("hello");
    }

    @Test
    void messagesTypedWhileConnectingAreDeliveredInOrderAfterUsername() {
        liveAgent.sendStartConversation(false);
        var s = handOff(bot(false, 30), "conv-b").expectState(HandoffState.CONNECTING);
        s.send("one").send("two").send("three").expectNoReply();
        var connection = liveAgent.awaitConnections(1).get(0);
        connection.emit(LiveAgentEvents.START_CONVERSATION);
        assertThat(liveAgent.awaitFromUser("conv-b", 3)).containsExactly("one", "two", "three");
        assertThat(liveAgent.awaitConversation("conv-b").events()).startsWith(LiveAgentEvents.USERNAME);
        s.expectSystem("You are now chatting with a live agent.");
    }

    @Test
    void aConnectionDroppedMidHandoffIsReEstablishedAndNothingTypedMeanwhileIsLost() {
        var s = handOff(bot(false, 10), "conv-c");
        liveAgent.awaitConversation("conv-c");
        s.expectSystem("You are now chatting with a live agent.");
        s.send("before");
        liveAgent.awaitFromUser("conv-c", 1);
        liveAgent.dropConnection("conv-c");
        s.expectSystemContaining("interrupted")
                .expectState(HandoffState.CONNECTING)
                .expectRoute(Route.LIVE_AGENT);
        s.send("during 1").send("during 2");
        liveAgent.awaitConnection("conv-c", 2);
        assertThat(liveAgent.awaitFromUser("conv-c", 3)).containsExactly("before", "during 1", "during 2");
        s.expectSystem("You are now chatting with a live agent.").expectState(HandoffState.WITH_AGENT);
    }

    @Test
    void aLineOfAMegabyteIsRefusedBeforeSendingAndTheConnectionCarriesOn() {
        var s = handOff(bot(false, 10), "conv-long");
        liveAgent.awaitConversation("conv-long");
        s.expectSystem("You are now chatting with a live agent.")
                .send("m".repeat(1 << 20))
                .expectSystem("Your message was not sent: it has 1048576 characters and the maximum is 4000."
                        + " Please shorten it and send it again.")
                .send("the short version");
        assertThat(liveAgent.awaitFromUser("conv-long", 1)).containsExactly("the short version");
        liveAgent.emitToUser("conv-long", "got it");
        s.expectAgent("got it").expectState(HandoffState.WITH_AGENT).expectNoReply();
        assertThat(liveAgent.awaitConnection("conv-long", 1).isDisconnected()).isFalse();
        assertThat(liveAgent.awaitFromUser("conv-long", 1)).containsExactly("the short version");
    }

    @Test
    void aLiveAgentThatNeverAnswersFailsAfterTheConnectTimeoutAndTheBotAnswersAgain() {
        liveAgent.sendStartConversation(false);
        var s = handOff(bot(false, 1), "conv-d").send("anyone?");
        s.expectSystem("Sorry, no agent could be reached right now. You are back with the bot.")
                .expectSystem("These messages did not reach an agent: \"anyone?\"")
                .expectState(HandoffState.FAILED)
                .send("hi")
                .expectBot("Hello!");
    }

    @Test
    void aRefusingLiveAgentFailsTheHandoffInTheUsersLanguage() {
        liveAgent.refuseConnections(true);
        var s = ConversationScript.open(runtime.conversations(), bot(false, 10), "conv-e", "zu")
                .send("umenzeli")
                .expectButtons("Ungathanda ukuxoxa nomunye wabenzeli bethu?", "Billing", "Qhubeka ne-bot")
                .send("1")
                .expectBotContaining("Ngikuxhumanisa");
        s.expectSystem("Uxolo, akekho umenzeli otholakalayo manje. Usubuyele ku-bot.")
                .expectState(HandoffState.FAILED)
                .send("sawubona")
                .expectBot("Sawubona!");
    }

    @Test
    void unknownEventsAndMalformedPayloadsAreSurvived() {
        var s = handOff(bot(false, 10), "conv-f");
        liveAgent.awaitConversation("conv-f");
        s.expectSystem("You are now chatting with a live agent.");
        liveAgent.emit("conv-f", "typing_indicator", Map.of("on", true));
        liveAgent.emit("conv-f", LiveAgentEvents.TO_USER, 42);
        liveAgent.emit("conv-f", LiveAgentEvents.TO_USER, Map.of("text", "wrong key"));
        liveAgent.emit("conv-f", LiveAgentEvents.TO_USER);
        liveAgent.emitToUser("conv-f", "still here");
        s.expectAgent("still here").expectState(HandoffState.WITH_AGENT);
    }

    // ---- with a live agent that speaks the delivery addition ----

    @Test
    void theUserIsToldInTheirLanguageWhenTheAgentIsAwayAndWhenTheyAreBack() {
        liveAgent.offerDelivery(true);
        var s = ConversationScript.open(runtime.conversations(), bot(false, 10), "conv-g", "zu")
                .send("umenzeli")
                .expectButtons("Ungathanda ukuxoxa nomunye wabenzeli bethu?", "Billing", "Qhubeka ne-bot")
                .send("1")
                .expectBotContaining("Ngikuxhumanisa");
        liveAgent.awaitConversation("conv-g");
        s.expectSystem("Manje usuxoxa nomenzeli obukhoma.");

        liveAgent.emitAgentStatus("conv-g", "away");
        s.expectSystemContaining("Umenzeli akekho okwesikhashana.").expectState(HandoffState.WITH_AGENT);
        s.send("usekhona?").expectRouted(Route.LIVE_AGENT);
        liveAgent.emitAgentStatus("conv-g", "back");
        s.expectSystem("Umenzeli usebuyile.");
        assertThat(liveAgent.awaitStoredFromUser("conv-g", 1)).containsExactly("usekhona?");
    }

    @Test
    void aMessageTheLiveAgentRefusesIsNamedToTheUserAndTheChatGoesOn() {
        liveAgent.offerDelivery(true).rejectFromUser("x".repeat(50), "too_long");
        var s = handOff(bot(false, 10), "conv-h");
        liveAgent.awaitConversation("conv-h");
        s.expectSystem("You are now chatting with a live agent.");

        s.send("x".repeat(50));
        s.expectSystem("This message could not be delivered to the agent: \"" + "x".repeat(50) + "\"")
                .expectState(HandoffState.WITH_AGENT);
        s.send("shorter");
        assertThat(liveAgent.awaitStoredFromUser("conv-h", 1)).containsExactly("shorter");
    }

    @Test
    void aChatTheLiveAgentCannotCreateIsAFailedHandoffAndTheBotAnswersAgain() {
        liveAgent.offerDelivery(true).refuseChats("no_department", "no department 'billing'");
        var s = handOff(bot(false, 10), "conv-i");
        s.expectSystem("Sorry, no agent could be reached right now. You are back with the bot.")
                .expectState(HandoffState.FAILED)
                .send("hi")
                .expectBot("Hello!");
        assertThat(s.everything()).noneMatch(r -> r.text().contains("You are now chatting"));
    }

    @Test
    void twoHundredConversationsHandedOffAtOnceEachGetTheirOwnMessagesInOrder() throws Exception {
        int conversations = 200;
        int messages = 5;
        liveAgent.echoUserMessages(true);
        Bot bot = bot(false, 60);
        List<ConversationScript> scripts = new ArrayList<>();
        for (int i = 0; i < conversations; i++) {
            scripts.add(handOff(bot, "many-" + i));
        }
        ExecutorService users = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < conversations; i++) {
                ConversationScript s = scripts.get(i);
                String id = "many-" + i;
                done.add(users.submit(() -> {
                    for (int m = 0; m < messages; m++) {
                        s.send(id + " message " + m);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            for (int i = 0; i < conversations; i++) {
                String id = "many-" + i;
                List<String> expected = new ArrayList<>();
                for (int m = 0; m < messages; m++) {
                    expected.add(id + " message " + m);
                }
                assertThat(liveAgent.awaitFromUser(id, messages)).as(id).containsExactlyElementsOf(expected);
                ConversationScript s = scripts.get(i);
                s.expectSystem("You are now chatting with a live agent.");
                for (String text : expected) {
                    s.expectAgent(text);
                }
                s.expectNoReply();
            }
        } finally {
            users.shutdownNow();
        }
    }
}
