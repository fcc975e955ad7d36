package dev.handoff.humanhandoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.util.Modules;
import dev.handoff.HandoffRuntime;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.dialogue.Bot;
import dev.handoff.dialogue.ConversationScript;
import dev.handoff.dialogue.TestRuntime;
import dev.handoff.dialogue.TranscriptLine;
import dev.handoff.liveagent.FakeLiveAgentClient;
import dev.handoff.liveagent.HandoffRequest;
import dev.handoff.liveagent.LiveAgentFailure;
import dev.handoff.liveagent.LiveAgentUrls;
import dev.handoff.liveagent.socketio.SocketIoLiveAgentClient;
import dev.handoff.liveagent.socketio.SocketIoSettings;
import dev.handoff.routing.Route;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The human_handoff preset, enabled with no change but departments, driven through a fake live agent. */
class HumanHandoffPresetTest {
    private static final String BOT =
            """
            id: support-bot
            languages: [en, zu]
            presets:
              human_handoff:
                departments:
                  - id: sales
                    label: {en: Sales, zu: Ukuthengisa}
                  - id: support
                    label: {en: Support}
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

    private final FakeLiveAgentClient liveAgent = new FakeLiveAgentClient();
    private HandoffRuntime runtime;

    private ConversationScript script(String yaml, String language) {
        runtime = TestRuntime.withFakeLiveAgent(liveAgent);
        Bot bot = runtime.bot(runtime.botLoader().loadOrThrow("support-bot.yaml", yaml));
        return ConversationScript.open(runtime.conversations(), bot, "conv-1", language);
    }

    @Test
    void theLoadedBotCarriesThePresetSettingsBoundOnceToTheirRecord() {
        runtime = TestRuntime.withFakeLiveAgent(liveAgent);
        var settings = runtime.botLoader()
                .loadOrThrow("support-bot.yaml", BOT)
                .settings(HandoffSettings.class)
                .orElseThrow();
        assertThat(settings.departments())
                .extracting(HandoffSettings.Department::id)
                .containsExactly("sales", "support");
        assertThat(settings.exitCommand()).isEqualTo("/bot");
    }

    @Test
    void theDefaultLiveAgentUrlIsTheDesksDefaultAddress() {
        runtime = TestRuntime.withFakeLiveAgent(liveAgent);
        var settings = runtime.botLoader()
                .loadOrThrow("support-bot.yaml", BOT)
                .settings(HandoffSettings.class)
                .orElseThrow();
        assertThat(settings.liveAgentUrls())
                .isEqualTo(LiveAgentUrls.of(URI.create("http://127.0.0.1:" + DeskConfig.DEFAULT_PORT)))
                .isEqualTo(LiveAgentUrls.of(URI.create("http://127.0.0.1:5005")));
    }

    @Test
    void aLiveAgentUrlEndingInTheLiveAgentNamespaceIsTakenAsItsBase() {
        runtime = TestRuntime.withFakeLiveAgent(liveAgent);
        for (var url : List.of(
                List.of("http://desk.example.org/live_agent", "http://desk.example.org"),
                List.of("https://desk.example.org:8443/support/live_agent/", "https://desk.example.org:8443/support"),
                List.of("http://desk.example.org/live_agents", "http://desk.example.org/live_agents"))) {
            var result = runtime.botLoader()
                    .load(
                            "support-bot.yaml",
                            BOT.replace(
                                    "    departments:", "    live_agent_url: " + url.get(0) + "\n    departments:"));
            assertThat(result.problems().errors()).as(url.get(0)).isEmpty();
            assertThat(result.bot()
                            .orElseThrow()
                            .settings(HandoffSettings.class)
                            .orElseThrow()
                            .liveAgentUrls())
                    .as(url.get(0))
                    .isEqualTo(LiveAgentUrls.of(URI.create(url.get(1))));
        }
    }

    /** The bot file with {@code live_agent_url: VALUE} (the value's YAML as given, from column 21 of line 5). */
    private static String withLiveAgentUrl(String value) {
        return BOT.replace("    departments:", "    live_agent_url: " + value + "\n    departments:");
    }

    @Test
    void aListOfLiveAgentUrlsIsBoundInItsOrderEachTakenAsItsBase() {
        runtime = TestRuntime.withFakeLiveAgent(liveAgent);
        var result = runtime.botLoader()
                .load(
                        "support-bot.yaml",
                        withLiveAgentUrl(
                                "[https://n2.desk.example.org, http://n1.desk.example.org:5005/live_agent, http://n3:80]"));
        assertThat(result.problems().errors()).isEmpty();
        assertThat(result.bot()
                        .orElseThrow()
                        .settings(HandoffSettings.class)
                        .orElseThrow()
                        .liveAgentUrls()
                        .urls())
                .containsExactly(
                        URI.create("https://n2.desk.example.org"),
                        URI.create("http://n1.desk.example.org:5005"),
                        URI.create("http://n3:80"));
    }

    @Test
    void aListOfLiveAgentUrlsIsCheckedUrlByUrlEachProblemAtItsItem() {
        runtime = TestRuntime.withFakeLiveAgent(liveAgent);
        var result = runtime.botLoader()
                .load(
                        "support-bot.yaml",
                        withLiveAgentUrl(
                                "[http://n1:5005, ftp://n2, http://n1:5005/, {url: http://n3}, http://n1:5005/live_agent]"));
        assertThat(result.bot()).isEmpty();
        assertThat(result.problems().errors())
                .extracting(p -> p.format())
                .containsExactly(
                        "support-bot.yaml:5:38: [invalid-value] human_handoff setting 'live_agent_url' (URL 2) must be"
                                + " an http:// or https:// URL with a host, not 'ftp://n2' (for example"
                                + " http://127.0.0.1:5005)",
                        "support-bot.yaml:5:48: [duplicate-id] human_handoff setting 'live_agent_url' (URL 3)"
                                + " 'http://n1:5005/' is URL 1 again",
                        "support-bot.yaml:5:65: [wrong-type] human_handoff setting 'live_agent_url' (URL 4) must be a"
                                + " text, not a map",
                        "support-bot.yaml:5:83: [duplicate-id] human_handoff setting 'live_agent_url' (URL 5)"
                                + " 'http://n1:5005/live_agent' is URL 1 again");
    }

    @Test
    void anEmptyListOfLiveAgentUrlsIsRefusedWithItsLocation() {
        runtime = TestRuntime.withFakeLiveAgent(liveAgent);
        var result = runtime.botLoader().load("support-bot.yaml", withLiveAgentUrl("[]"));
        assertThat(result.bot()).isEmpty();
        assertThat(result.problems().errors())
                .extracting(p -> p.format())
                .containsExactly("support-bot.yaml:5:21: [missing-key] human_handoff setting 'live_agent_url' needs at"
                        + " least one URL");
    }

    @Test
    void moreLiveAgentUrlsThanOneServerMayHaveAreRefused() {
        runtime = TestRuntime.withFakeLiveAgent(liveAgent);
        String seventeen = java.util.stream.IntStream.rangeClosed(1, LiveAgentUrls.MAX + 1)
                .mapToObj(i -> "http://n" + i)
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        var result = runtime.botLoader().load("support-bot.yaml", withLiveAgentUrl(seventeen));
        assertThat(result.bot()).isEmpty();
        assertThat(result.problems().errors())
                .extracting(p -> p.format())
                .containsExactly("support-bot.yaml:5:21: [out-of-range] human_handoff setting 'live_agent_url' lists"
                        + " 17 URLs; at most 16 are allowed");
    }

    @Test
    void aLiveAgentUrlGivenAloneIsRefusedAsBeforeWhenItIsNotHttp() {
        runtime = TestRuntime.withFakeLiveAgent(liveAgent);
        var result = runtime.botLoader().load("support-bot.yaml", withLiveAgentUrl("ftp://desk"));
        assertThat(result.problems().errors())
                .extracting(p -> p.format())
                .containsExactly("support-bot.yaml:5:21: [invalid-value] human_handoff setting 'live_agent_url' must"
                        + " be an http:// or https:// URL with a host, not 'ftp://desk' (for example"
                        + " http://127.0.0.1:5005)");
    }

    @Test
    void aBotThatRunsTheHandoffActionWithoutThePresetIsRefusedAtTheActionWithTheFix() {
        runtime = TestRuntime.withFakeLiveAgent(liveAgent);
        var result = runtime.botLoader()
                .load(
                        "bot.yaml",
                        """
                        id: b
                        languages: [en]
                        intents:
                          talk_to_human: {en: [talk to a person]}
                        streams:
                          escalate:
                            trigger: talk_to_human
                            steps:
                              - action: human_handoff
                        """);
        assertThat(result.bot()).isEmpty();
        assertThat(result.problems().errors())
                .extracting(p -> p.format())
                .containsExactly("bot.yaml:9:17: [action-needs-preset] stream 'escalate': action 'human_handoff'"
                        + " needs preset 'human_handoff' (add presets: [human_handoff])");
    }

    @AfterEach
    void tearDown() {
        if (runtime != null) {
            runtime.close();
        }
    }

    /** Up to the handoff: options, department, contact details, connecting. */
    private ConversationScript handedOff() {
        return script(BOT, "en")
                .send("hi")
                .expectBot("Hello!")
                .send("I want to talk to a human")
                .expectButtons(
                        "Would you like to chat with one of our agents?", "Sales", "Support", "Continue with the bot")
                .pick("Sales")
                .expectBot("Before I connect you, what is your name?")
                .send("Thandi Nkosi")
                .expectBot("What email address or phone number can the agent reach you on?")
                .send("+27 82 555 0101")
                .expectBot("Connecting you to an agent. Type /bot at any time to go back to the bot.")
                .expectState(HandoffState.CONNECTING)
                .expectRoute(Route.LIVE_AGENT);
    }

    @Test
    void aContactLongerThanTheDeskAcceptsIsRefusedWithTheFieldsMessageAndAskedAgain() {
        String email606 = "a".repeat(64) + "@" + "b".repeat(537) + ".org";
        script(BOT, "en")
                .send("I want to talk to a human")
                .expectButtons(
                        "Would you like to chat with one of our agents?", "Sales", "Support", "Continue with the bot")
                .pick("Sales")
                .expectBot("Before I connect you, what is your name?")
                .send("N".repeat(501))
                .expectBot("Please type your name using letters only.")
                .send("Thandi Nkosi")
                .expectBot("What email address or phone number can the agent reach you on?")
                .send(email606)
                .expectBot("That doesn't look like an email address or a phone number. Please try again.")
                .send("thandi@example.org")
                .expectBot("Connecting you to an agent. Type /bot at any time to go back to the bot.")
                .expectState(HandoffState.CONNECTING);
        assertThat(liveAgent.last().request.contact())
                .isEqualTo(new HandoffRequest.Contact("Thandi Nkosi", "thandi@example.org", null));
    }

    @Test
    void executeHandoffOpensOneLiveAgentConnectionWithTheConversationsDetails() {
        handedOff();
        assertThat(liveAgent.sessions()).hasSize(1);
        var request = liveAgent.last().request;
        assertThat(request.conversationId()).isEqualTo("conv-1");
        assertThat(request.botId()).isEqualTo("support-bot");
        assertThat(request.department()).isEqualTo("sales");
        assertThat(request.language()).isEqualTo("en");
        assertThat(request.contact()).isEqualTo(new HandoffRequest.Contact("Thandi Nkosi", null, "+27 82 555 0101"));
        assertThat(request.liveAgentUrls()).isEqualTo(LiveAgentUrls.of(URI.create("http://127.0.0.1:5005")));
        assertThat(request.connectTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(request.transcript())
                .startsWith(HandoffRequest.Line.user("hi"), HandoffRequest.Line.bot("Hello!"))
                .endsWith(HandoffRequest.Line.bot(
                        "Connecting you to an agent. Type /bot at any time to go back to the bot."));
    }

    @Test
    void whileTheAgentHasTheConversationMessagesGoToTheAgentAndTheBotSaysNothing() {
        var s = handedOff()
                .send("are you there?")
                .expectRouted(Route.LIVE_AGENT)
                .expectNoReply();
        var session = liveAgent.last();
        session.listener.onConnected();
        s.expectSystem("You are now chatting with a live agent.").expectState(HandoffState.WITH_AGENT);
        session.listener.onAgentMessage("Hi Thandi, how can I help?");
        s.expectAgent("Hi Thandi, how can I help?");
        s.send("my order is late").expectRouted(Route.LIVE_AGENT).expectNoReply();
        assertThat(session.sent()).containsExactly("are you there?", "my order is late");
        assertThat(s.conversation().transcript())
                .doesNotContain(TranscriptLine.user("my order is late"), TranscriptLine.user("are you there?"));
    }

    @Test
    void theDefaultMaximumMessageLengthIsTheDesksDefaultMaximumMessageSize() {
        runtime = TestRuntime.withFakeLiveAgent(liveAgent);
        var settings = runtime.botLoader()
                .loadOrThrow("support-bot.yaml", BOT)
                .settings(HandoffSettings.class)
                .orElseThrow();
        assertThat(settings.maxMessageLength()).isEqualTo(DeskConfig.DEFAULT_MAX_MESSAGE_SIZE);
    }

    @Test
    void aMaximumMessageLengthBelowOneIsRefusedAtLoadWithItsLocation() {
        runtime = TestRuntime.withFakeLiveAgent(liveAgent);
        var result = runtime.botLoader()
                .load(
                        "support-bot.yaml",
                        BOT.replace("    departments:", "    max_message_length: 0\n    departments:"));
        assertThat(result.bot()).isEmpty();
        assertThat(result.problems().errors())
                .extracting(p -> p.format())
                .containsExactly("support-bot.yaml:5:25: [out-of-range] human_handoff setting 'max_message_length'"
                        + " must be between 1 and 1000000, not 0");
    }

    @Test
    void aMessageOverTheMaximumLengthIsRefusedWithItsLengthAndIsNotSentToTheAgent() {
        var s = handedOff();
        var session = liveAgent.last();
        session.listener.onConnected();
        s.expectSystem("You are now chatting with a live agent.")
                .send("x".repeat(4001))
                .expectSystem("Your message was not sent: it has 4001 characters and the maximum is 4000."
                        + " Please shorten it and send it again.")
                .expectNoReply()
                .expectState(HandoffState.WITH_AGENT)
                .send("y".repeat(4000))
                .expectNoReply();
        assertThat(session.sent()).containsExactly("y".repeat(4000));
        assertThat(session.isClosed()).isFalse();
    }

    @Test
    void aLineOfAMegabyteTypedWhileConnectingIsRefusedAndTheHandoffGoesOn() {
        var s = handedOff()
                .send("z".repeat(1 << 20))
                .expectSystem("Your message was not sent: it has 1048576 characters and the maximum is 4000."
                        + " Please shorten it and send it again.")
                .expectState(HandoffState.CONNECTING)
                .expectRoute(Route.LIVE_AGENT)
                .send("shorter");
        var session = liveAgent.last();
        assertThat(session.sent()).containsExactly("shorter");
        assertThat(session.isClosed()).isFalse();
        session.listener.onConnected();
        s.expectSystem("You are now chatting with a live agent.");
    }

    @Test
    void aMessageOverTheMaximumLengthIsRefusedInTheUsersLanguageAndTheBotMaySetTheMaximum() {
        String shortMessages = BOT.replace("    departments:", "    max_message_length: 10\n    departments:");
        var s = script(shortMessages, "zu")
                .send("umenzeli")
                .expectButtons(
                        "Ungathanda ukuxoxa nomunye wabenzeli bethu?", "Ukuthengisa", "Support", "Qhubeka ne-bot")
                .send("1")
                .expectBotContaining("igama")
                .send("Sipho")
                .expectBotContaining("imeyili")
                .send("sipho@example.org")
                .expectBotContaining("Ngikuxhumanisa")
                .send("sawubona mngane")
                .expectSystem("Umlayezo wakho awuthunyelwanga: unezinhlamvu ezingu-15, kanti umkhawulo ngu-10."
                        + " Sicela uwufinyeze bese uwuthumela futhi.")
                .send("sawubona");
        assertThat(liveAgent.last().sent()).containsExactly("sawubona");
        s.expectNoReply();
    }

    @Test
    void whenTheAgentEndsTheChatTheConversationIsBackWithTheBot() {
        var s = handedOff();
        var session = liveAgent.last();
        session.listener.onConnected();
        s.expectSystem("You are now chatting with a live agent.");
        session.listener.onEnded();
        s.expectSystem("The agent has ended the chat. You are back with the bot.")
                .expectState(HandoffState.BACK_WITH_BOT)
                .expectRoute(Route.NLP_PIPELINE)
                .send("hi")
                .expectBot("Hello!")
                .expectRouted(Route.NLP_PIPELINE);
        assertThat(session.isClosed()).isTrue();
        assertThat(Handoffs.history(s))
                .containsExactly(
                        HandoffState.WITH_BOT,
                        HandoffState.CONNECTING,
                        HandoffState.WITH_AGENT,
                        HandoffState.BACK_WITH_BOT);
    }

    @Test
    void anUnreachableLiveAgentTellsTheUserAndGivesTheConversationBackToTheBot() {
        var s = handedOff().send("hello?");
        liveAgent
                .last()
                .listener
                .onFailed(new LiveAgentFailure(LiveAgentFailure.Kind.TIMEOUT, "no answer in 15 s"), List.of("hello?"));
        s.expectSystem("Sorry, no agent could be reached right now. You are back with the bot.")
                .expectSystem("These messages did not reach an agent: \"hello?\"")
                .expectState(HandoffState.FAILED)
                .expectRoute(Route.NLP_PIPELINE)
                .send("hi")
                .expectBot("Hello!");
    }

    @Test
    void aLiveAgentClientThatCannotOpenASessionFailsTheHandoffAndTheBotAnswersAgain() {
        var closed = new SocketIoLiveAgentClient(SocketIoSettings.defaults());
        closed.close(); // open() now throws, as it does while the process shuts down
        runtime = TestRuntime.with(closed, Modules.EMPTY_MODULE);
        Bot bot = runtime.bot(runtime.botLoader().loadOrThrow("support-bot.yaml", BOT));
        ConversationScript.open(runtime.conversations(), bot, "conv-1", "en")
                .send("I want to talk to a human")
                .expectButtons(
                        "Would you like to chat with one of our agents?", "Sales", "Support", "Continue with the bot")
                .pick("Sales")
                .expectBot("Before I connect you, what is your name?")
                .send("Thandi Nkosi")
                .expectBot("What email address or phone number can the agent reach you on?")
                .send("+27 82 555 0101")
                .expectBot("Connecting you to an agent. Type /bot at any time to go back to the bot.")
                .expectSystem("Sorry, no agent could be reached right now. You are back with the bot.")
                .expectState(HandoffState.FAILED)
                .expectRoute(Route.NLP_PIPELINE)
                .send("hi")
                .expectBot("Hello!")
                .expectNoReply();
    }

    @Test
    void aFailureIsToldInTheUsersLanguage() {
        var s = script(BOT, "zu")
                .send("ngifuna ukukhuluma nomuntu")
                .expectButtons(
                        "Ungathanda ukuxoxa nomunye wabenzeli bethu?", "Ukuthengisa", "Support", "Qhubeka ne-bot")
                .send("1")
                .expectBot("Ngaphambi kokuthi ngikuxhumanise, ubani igama lakho?")
                .send("Sipho")
                .expectBotContaining("imeyili")
                .send("sipho@example.org")
                .expectBotContaining("Ngikuxhumanisa");
        liveAgent
                .last()
                .listener
                .onFailed(new LiveAgentFailure(LiveAgentFailure.Kind.UNREACHABLE, "refused"), List.of());
        s.expectSystem("Uxolo, akekho umenzeli otholakalayo manje. Usubuyele ku-bot.")
                .expectNoReply();
    }

    @Test
    void theExitCommandLeavesTheLiveChat() {
        var s = handedOff();
        var session = liveAgent.last();
        session.listener.onConnected();
        s.expectSystem("You are now chatting with a live agent.")
                .send("/BOT ")
                .expectSystem("You left the live chat. You are back with the bot.")
                .expectState(HandoffState.BACK_WITH_BOT)
                .expectRoute(Route.NLP_PIPELINE);
        assertThat(session.isClosed()).isTrue();
        assertThat(session.sent()).isEmpty();
        session.listener.onAgentMessage("too late");
        s.expectNoReply();
    }

    @Test
    void continuingWithTheBotDoesNotHandOff() {
        script(BOT, "en")
                .send("talk to a real person")
                .expectButtons(
                        "Would you like to chat with one of our agents?", "Sales", "Support", "Continue with the bot")
                .pick("continue with the bot")
                .expectBot("No problem, I'm still here to help. What would you like to do?")
                .expectNoReply()
                .send("hi")
                .expectBot("Hello!");
        assertThat(liveAgent.sessions()).isEmpty();
    }

    @Test
    void twoMisunderstoodMessagesInARowOfferTheHandoff() {
        script(BOT, "en")
                .send("blorp")
                .expectBot("Sorry, I didn't understand that. Could you say it another way?")
                .send("zzz")
                .expectButtons(
                        "Would you like to chat with one of our agents?", "Sales", "Support", "Continue with the bot");
    }

    @Test
    void anUnderstoodMessageResetsTheMisunderstoodCount() {
        script(BOT, "en")
                .send("blorp")
                .expectBotContaining("Sorry")
                .send("hi")
                .expectBot("Hello!")
                .send("zzz")
                .expectBotContaining("Sorry");
    }

    @Test
    void contactDetailsTheConversationHasAreNotAskedAgainAndCollectingCanBeSwitchedOff() {
        var s = script(BOT, "en");
        s.conversation().setSlot("name", "Lerato");
        s.conversation().setSlot("email", "lerato@example.org");
        s.send("human")
                .expectButtons(
                        "Would you like to chat with one of our agents?", "Sales", "Support", "Continue with the bot")
                .send("2")
                .expectBotContaining("Connecting you");
        assertThat(liveAgent.last().request.department()).isEqualTo("support");
        assertThat(liveAgent.last().request.contact())
                .isEqualTo(new HandoffRequest.Contact("Lerato", "lerato@example.org", null));
        runtime.close();

        String noContact = BOT.replace(
                "    departments:", "    collect_contact: false\n    offer_after_misunderstood: 0\n    departments:");
        script(noContact, "en")
                .send("agent")
                .expectButtons(
                        "Would you like to chat with one of our agents?", "Sales", "Support", "Continue with the bot")
                .send("Sales")
                .expectBotContaining("Connecting you")
                .expectState(HandoffState.CONNECTING);
    }

    @Test
    void aSecondHandoffAfterTheFirstEndedOpensANewConnection() {
        var s = handedOff();
        liveAgent.last().listener.onEnded();
        s.expectSystemContaining("ended")
                .send("agent")
                .expectButtons(
                        "Would you like to chat with one of our agents?", "Sales", "Support", "Continue with the bot")
                .send("Support")
                .expectBotContaining("Connecting")
                .expectState(HandoffState.CONNECTING);
        assertThat(liveAgent.sessions()).hasSize(2);
        assertThat(liveAgent.last().request.department()).isEqualTo("support");
    }

    @Test
    void closingTheConversationClosesItsLiveAgentConnection() {
        handedOff();
        runtime.conversations().close("conv-1");
        assertThat(liveAgent.last().isClosed()).isTrue();
    }
}
