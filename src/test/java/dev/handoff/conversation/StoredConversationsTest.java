package dev.handoff.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import dev.handoff.HandoffRuntime;
import dev.handoff.conversation.StoredLine.Sender;
import dev.handoff.dialogue.Bot;
import dev.handoff.dialogue.ConversationScript;
import dev.handoff.dialogue.Reply;
import dev.handoff.dialogue.TestRuntime;
import dev.handoff.humanhandoff.HandoffState;
import dev.handoff.liveagent.DeliveryState;
import dev.handoff.liveagent.FakeLiveAgentClient;
import dev.handoff.routing.Conversations;
import dev.handoff.routing.Route;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conversations with a store, through the whole dialogue manager: a process stops (its runtime closes) and the
 * next one, on the same store, goes on with the conversation where it was.
 */
class StoredConversationsTest {
    @TempDir
    Path data;

    private final FakeLiveAgentClient liveAgent = new FakeLiveAgentClient();
    private HandoffRuntime runtime;
    private Bot bot;

    @AfterEach
    void tearDown() {
        if (runtime != null) {
            runtime.close();
        }
    }

    /** A bot process on the store in {@code data} (the previous one, if any, stopped first). */
    private Conversations process() {
        if (runtime != null) {
            runtime.close();
        }
        runtime = TestRuntime.with(liveAgent, new AbstractModule() {
            @Override
            protected void configure() {
                install(new ConversationStoreModule(ConversationStoreSettings.inDirectory(data)));
            }
        });
        bot = runtime.bot(runtime.botLoader().loadOrThrow("shop.yaml", resource("bots/shop.yaml")));
        return runtime.conversations();
    }

    private Conversations processWithoutStore() {
        if (runtime != null) {
            runtime.close();
        }
        runtime = TestRuntime.withFakeLiveAgent(liveAgent);
        bot = runtime.bot(runtime.botLoader().loadOrThrow("shop.yaml", resource("bots/shop.yaml")));
        return runtime.conversations();
    }

    static String resource(String path) {
        try (InputStream in = StoredConversationsTest.class.getClassLoader().getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new AssertionError("missing test resource " + path, e);
        }
    }

    @Test
    void aConversationStoppedInTheMiddleOfAFormGoesOnInTheNextProcessInItsLanguageWithItsSlots() {
        ConversationScript.open(process(), bot, "c1", "zu")
                .send("ngifuna uku-oda")
                .expectButtons("Usayizi muni?", "Encane", "Enkulu")
                .send("encane")
                .expectBot("Sizoletha kuphi?");

        // the next process; the channel asks for English, but the conversation is stored in isiZulu
        var s = ConversationScript.open(process(), bot, "c1", "en");
        assertThat(s.conversation().language()).isEqualTo("zu");
        assertThat(s.conversation().slot("size")).contains("small");
        s.send("Soweto")
                .expectBot("I-imeyili yakho?")
                .send("thandi@example.org")
                .expectBot("I-oda lifakiwe.")
                .expectNoReply();
        assertThat(s.conversation().slot("address")).contains("Soweto");
    }

    @Test
    void aMenuWaitingForItsAnswerTakesItAfterARestart() {
        ConversationScript.open(process(), bot, "c2", "en")
                .send("order")
                .expectButtons("Which size?", "Small", "Large");

        var s = ConversationScript.open(process(), bot, "c2", null).send("2").expectBot("Where should we deliver?");
        assertThat(s.conversation().slot("size")).contains("large");
    }

    @Test
    void aUserWhoComesBackGetsTheHistoryOnceAndTheRepliesAfterIt() {
        ConversationScript.open(process(), bot, "c3", "en")
                .send("hi")
                .expectBot("Hello!")
                .send("order")
                .expectButtons("Which size?", "Small", "Large");

        Conversations next = process();
        var channel = new ConversationScriptlessChannel();
        var opened = next.openWithHistory("c3", bot, "en", channel, 10);

        assertThat(opened.history())
                .extracting(StoredLine::sender, StoredLine::text, StoredLine::options)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Sender.USER, "hi", List.of()),
                        org.assertj.core.groups.Tuple.tuple(Sender.BOT, "Hello!", List.of()),
                        org.assertj.core.groups.Tuple.tuple(Sender.USER, "order", List.of()),
                        org.assertj.core.groups.Tuple.tuple(Sender.BOT, "Which size?", List.of("Small", "Large")));
        assertThat(channel.replies).isEmpty();
        next.send("c3", "1");
        assertThat(channel.replies).containsExactly(new Reply.BotText("Where should we deliver?"));
        assertThat(next.transcript("c3", 2))
                .extracting(StoredLine::text)
                .containsExactly("1", "Where should we deliver?");
    }

    @Test
    void aHandoffStoppedWithTheProcessIsResumedWithItsDeliveryStateAndTheAgentsMessagesAreStored() {
        var s = ConversationScript.open(process(), bot, "c4", "en")
                .send("agent")
                .expectButtons(
                        "Would you like to chat with one of our agents?", "Sales", "Support", "Continue with the bot")
                .pick("Sales");
        s.expectBotContaining("name")
                .send("Thandi")
                .expectBotContaining("email")
                .send("thandi@example.org");
        s.expectBotContaining("Connecting you");
        var first = liveAgent.last();
        first.listener.onConnected();
        s.expectSystemContaining("live agent").expectRoute(Route.LIVE_AGENT);
        var delivered = new DeliveryState(
                "chat-9", "token-9", 3, "pfx", 1, List.of(new DeliveryState.UserMessage("pfx-1", "still there?")));
        first.listener.onAgentMessage("Hi Thandi", delivered);
        s.expectAgent("Hi Thandi");

        Conversations next = process(); // the first session is closed without ending the chat
        assertThat(first.isClosed()).isTrue();
        assertThat(next.resumeHandoffs(List.of(bot))).isEqualTo(1);

        var resumed = liveAgent.last();
        assertThat(resumed).isNotSameAs(first);
        assertThat(resumed.request.conversationId()).isEqualTo("c4");
        assertThat(resumed.request.department()).isEqualTo("sales");
        assertThat(resumed.request.contact().name()).isEqualTo("Thandi");
        assertThat(resumed.request.resume()).isEqualTo(delivered);
        assertThat(next.route("c4")).isEqualTo(Route.LIVE_AGENT);

        resumed.listener.onConnected();
        resumed.listener.onAgentMessage("Sorry, I was away", delivered);
        var back = new ConversationScriptlessChannel();
        var opened = next.openWithHistory("c4", bot, "en", back, 3);
        assertThat(opened.history())
                .extracting(StoredLine::sender, StoredLine::text)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Sender.AGENT, "Hi Thandi"),
                        org.assertj.core.groups.Tuple.tuple(Sender.SYSTEM, "You are now chatting with a live agent."),
                        org.assertj.core.groups.Tuple.tuple(Sender.AGENT, "Sorry, I was away"));
        assertThat(next.send("c4", "yes")).isEqualTo(Route.LIVE_AGENT);
        assertThat(resumed.sent()).containsExactly("yes");
        assertThat(next.transcript("c4", 1)).extracting(StoredLine::text).containsExactly("yes");
    }

    @Test
    void aDetachedConversationGoesOnWithTheLiveAgentAndItsUserGetsTheHistoryWhenBack() {
        var conversations = process();
        var s = ConversationScript.open(conversations, bot, "c7", "en")
                .send("agent")
                .pick("Support");
        s.send("Thandi").send("thandi@example.org");
        var session = liveAgent.last();
        session.listener.onConnected();
        s.expectState(HandoffState.WITH_AGENT);
        int seen = s.everything().size();

        conversations.detach("c7"); // the page closed
        session.listener.onAgentMessage("Are you still there?");
        assertThat(s.everything()).hasSize(seen);
        assertThat(session.isClosed()).isFalse();

        var back = new ConversationScriptlessChannel();
        var opened = conversations.openWithHistory("c7", bot, "en", back, 1);
        assertThat(opened.conversation()).isSameAs(s.conversation());
        assertThat(opened.history()).extracting(StoredLine::text).containsExactly("Are you still there?");
        session.listener.onAgentMessage("Good.");
        assertThat(back.replies).containsExactly(new Reply.AgentText("Good."));
    }

    @Test
    void aConversationTheUserClosedDuringAHandoffIsNotResumed() {
        var conversations = process();
        var s = ConversationScript.open(conversations, bot, "c5", "en")
                .send("agent")
                .pick("Support");
        s.send("Thandi").send("thandi@example.org");
        liveAgent.last().listener.onConnected();
        s.expectState(HandoffState.WITH_AGENT);
        conversations.close("c5");

        assertThat(process().resumeHandoffs(List.of(bot))).isZero();
    }

    @Test
    void withoutTheStoreModuleNothingIsStoredAndARestartStartsAfresh() {
        Conversations conversations = processWithoutStore();
        ConversationScript.open(conversations, bot, "c6", "en")
                .send("order")
                .expectButtons("Which size?", "Small", "Large");
        assertThat(conversations.stored()).isFalse();
        assertThat(conversations.transcript("c6", 10)).isEmpty();

        Conversations next = processWithoutStore();
        assertThat(next.resumeHandoffs(List.of(bot))).isZero();
        ConversationScript.open(next, bot, "c6", "en").send("2").expectBotContaining("understand");
    }

    /** A channel that only collects. */
    private static final class ConversationScriptlessChannel implements dev.handoff.dialogue.UserChannel {
        final List<Reply> replies = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void deliver(String conversationId, Reply reply) {
            replies.add(reply);
        }
    }
}
