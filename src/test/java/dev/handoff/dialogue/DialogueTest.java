package dev.handoff.dialogue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.HandoffRuntime;
import dev.handoff.liveagent.FakeLiveAgentClient;
import dev.handoff.routing.Route;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DialogueTest {
    private HandoffRuntime runtime;
    private Bot bot;

    static String resource(String path) {
        try (InputStream in = DialogueTest.class.getClassLoader().getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new AssertionError("missing test resource " + path, e);
        }
    }

    @BeforeEach
    void setUp() {
        runtime = TestRuntime.withFakeLiveAgent(new FakeLiveAgentClient());
        bot = runtime.bot(runtime.botLoader().loadOrThrow("shop.yaml", resource("bots/shop.yaml")));
    }

    @AfterEach
    void tearDown() {
        runtime.close();
    }

    private ConversationScript script(String language) {
        return ConversationScript.open(runtime.conversations(), bot, "c-" + System.nanoTime(), language);
    }

    @Test
    void anIntentStartsItsStreamAndTheBotAnswersInTheConversationsLanguage() {
        script("en")
                .send("hi")
                .expectBot("Hello!")
                .expectRouted(Route.NLP_PIPELINE)
                .expectNoReply();
        script("zu").send("sawubona").expectBot("Sawubona!").expectNoReply();
    }

    @Test
    void aMenuIsAnsweredByNumberOrByLabelAndTheChoiceFillsTheSlot() {
        var byNumber = script("en")
                .send("order")
                .expectButtons("Which size?", "Small", "Large")
                .send("2");
        byNumber.expectBot("Where should we deliver?");
        assertThat(byNumber.conversation().slot("size")).contains("large");

        var byLabel = script("zu")
                .send("ngifuna uku-oda")
                .expectButtons("Usayizi muni?", "Encane", "Enkulu")
                .send("encane");
        byLabel.expectBot("Sizoletha kuphi?");
        assertThat(byLabel.conversation().slot("size")).contains("small");
    }

    @Test
    void aFormAsksForEachValueAndRepeatsTheQuestionForAnInvalidAnswer() {
        var s = script("en")
                .send("order")
                .expectButtons("Which size?", "Small", "Large")
                .pick("Small")
                .expectBot("Where should we deliver?")
                .send("12 Long Street, Cape Town")
                .expectBot("Your email?")
                .send("not an email")
                .expectBot("That is not an email address.")
                .send("thandi@example.org")
                .expectBot("Order placed.")
                .expectNoReply();
        assertThat(s.conversation().slot("address")).contains("12 Long Street, Cape Town");
        assertThat(s.conversation().slot("email")).contains("thandi@example.org");
    }

    @Test
    void aFormSkipsValuesTheConversationAlreadyHas() {
        var s = script("en");
        s.conversation().setSlot("email", "known@example.org");
        s.send("order")
                .expectButtons("Which size?", "Small", "Large")
                .send("1")
                .expectBot("Where should we deliver?")
                .send("Soweto")
                .expectBot("Order placed.");
    }

    @Test
    void anAnswerThatIsNoOptionButAnotherIntentChangesTheSubject() {
        script("en")
                .send("order")
                .expectButtons("Which size?", "Small", "Large")
                .send("hello")
                .expectBot("Hello!")
                .expectNoReply();
    }

    @Test
    void anAnswerThatIsNoOptionAndNoIntentRepeatsTheMenu() {
        script("en")
                .send("order")
                .expectButtons("Which size?", "Small", "Large")
                .send("7")
                .expectBot("Please choose one of the options: type its number or its name.")
                .expectButtons("Which size?", "Small", "Large");
    }

    @Test
    void misunderstoodInputGetsTheFallbackResponse() {
        script("en").send("qwerty").expectBot("Sorry, I didn't understand that. Could you say it another way?");
    }

    @Test
    void theTranscriptHoldsTheUserAndBotMessagesOldestFirst() {
        var s = script("en")
                .send("hi")
                .expectBot("Hello!")
                .send("order")
                .expectButtons("Which size?", "Small", "Large");
        assertThat(s.conversation().transcript())
                .containsExactly(
                        TranscriptLine.user("hi"), TranscriptLine.bot("Hello!"),
                        TranscriptLine.user("order"), TranscriptLine.bot("Which size? [Small | Large]"));
    }
}
