package dev.handoff.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.cli.agent.AgentScreen.SignIn;
import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.api.AgentView;
import dev.handoff.desk.api.ArchivePage;
import dev.handoff.desk.api.ChatClosed;
import dev.handoff.desk.api.ChatSummary;
import dev.handoff.desk.api.ChatView;
import dev.handoff.desk.api.DeskError;
import dev.handoff.desk.api.MessageView;
import dev.handoff.desk.api.QueueChange;
import dev.handoff.desk.api.QueueSnapshot;
import dev.handoff.desk.api.Requests;
import dev.handoff.desk.api.SlaReminder;
import dev.handoff.desk.api.TranslationView;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The desk's events as the lines an agent reads, and the commands that depend on what was shown. */
class AgentScreenTest {
    static final ObjectMapper JSON = new ObjectMapper();

    final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    final AgentScreen screen = new AgentScreen("ann", new PrintStream(printed, true, StandardCharsets.UTF_8));

    /** The lines printed since the last call. */
    List<String> lines() {
        String text = printed.toString(StandardCharsets.UTF_8);
        printed.reset();
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    Optional<DeskRequest> type(String line) {
        return screen.apply(AgentCommands.parse(line).orElseThrow());
    }

    /** A chat as the desk sends it (read from its JSON shape, whatever the Java type of contact). */
    static ChatSummary chat(String id, Map<String, Object> fields) {
        Map<String, Object> json = new HashMap<>(Map.of(
                "chatId", id,
                "conversationId", "conv-" + id,
                "department", "sales",
                "status", "queued",
                "queuedAt", "2024-05-01T10:00:00Z"));
        json.putAll(fields);
        return JSON.convertValue(json, ChatSummary.class);
    }

    static ChatSummary chat(String id) {
        return chat(id, Map.of());
    }

    /** Each message a new one: live messages are numbered on, as the desk numbers them. */
    static MessageView message(String chatId, boolean history, String sender, String author, String text) {
        return message(chatId, SEQ.incrementAndGet(), history, sender, author, text);
    }

    static final java.util.concurrent.atomic.AtomicInteger SEQ = new java.util.concurrent.atomic.AtomicInteger();

    static MessageView message(String chatId, int seq, boolean history, String sender, String author, String text) {
        return new MessageView(chatId, seq, history, sender, author, text, "en", null, "2024-05-01T10:00:00Z");
    }

    void assign(String id) {
        screen.assigned(new ChatView(chat(id), List.of()));
        lines();
    }

    @Test
    void signingInNamesTheAgentsStatusDepartmentsAndCapacity() {
        screen.signedIn(new AgentView("ann", List.of("sales", "support"), 2, "zu", "online", 0));
        assertThat(lines())
                .containsExactly(
                        "signed in as ann (online, departments: sales, support, up to 2 chats). /help for commands.");
        assertThat(screen.signIn()).isCompletedWithValue(SignIn.SIGNED_IN);
    }

    @Test
    void aTokenOfAnotherAgentOfEveryDepartmentIsNoted() {
        screen.signedIn(new AgentView("bob", List.of(), 5, null, "away", 0));
        assertThat(lines())
                .containsExactly(
                        "note: this token belongs to bob, not ann",
                        "signed in as bob (away, departments: all, up to 5 chats). /help for commands.");
    }

    @Test
    void aSignInRefusedForTooManyAttemptsSaysHowLongToWait() {
        screen.refused("too_many_attempts", "too many failed sign-ins from this address; try again in 30 s");
        assertThat(screen.signIn()).isCompletedWithValue(SignIn.REFUSED);
        screen.notSignedIn(SignIn.REFUSED, URI.create("http://127.0.0.1:5005"));
        assertThat(lines()).containsExactly("refused: too many failed sign-ins from this address; try again in 30 s");
    }

    @Test
    void aConnectionRefusedAfterTheHandshakeEndsSigningInToo() {
        screen.deskError(new DeskError("connect", "invalid_token", "invalid token"));
        assertThat(screen.signIn()).isCompletedWithValue(SignIn.REFUSED);
        screen.notSignedIn(SignIn.REFUSED, URI.create("http://127.0.0.1:5005"));
        assertThat(lines()).containsExactly("refused: the desk does not accept this token");
    }

    @Test
    void aRefusedTokenEndsSigningInAndTheTerminalSaysWhy() {
        screen.refused("invalid_token", "invalid token");
        assertThat(screen.signIn()).isCompletedWithValue(SignIn.REFUSED);
        assertThat(lines()).isEmpty();
        screen.notSignedIn(SignIn.REFUSED, URI.create("http://127.0.0.1:5005"));
        screen.notSignedIn(null, URI.create("http://127.0.0.1:5005"));
        assertThat(lines())
                .containsExactly(
                        "refused: the desk does not accept this token",
                        "no answer from the desk at http://127.0.0.1:5005");
    }

    @Test
    void theQueueNumbersTheWaitingChatsAndListsMineWithTheCurrentOne() {
        assign("c9");
        screen.queue(new QueueSnapshot(
                List.of(
                        chat("c1", Map.of("language", "zu", "contact", Map.of("name", "Lindiwe"))),
                        chat("c2", Map.of("subject", "Delivery"))),
                List.of(chat("c9"))));
        assertThat(lines())
                .containsExactly(
                        "queue:",
                        "  [1] c1 sales, conversation conv-c1, language zu, Lindiwe, waiting since 2024-05-01T10:00:00Z",
                        "  [2] c2 sales, conversation conv-c2, subject 'Delivery', waiting since 2024-05-01T10:00:00Z",
                        "your chats:",
                        "  c9 sales, conversation conv-c9  [current]");
        assertThat(type("/take 2")).contains(new DeskRequest(AgentEvents.TAKE, new Requests.ChatRef("c2")));
    }

    @Test
    void anEmptyQueueSaysNoChatWaits() {
        screen.queue(new QueueSnapshot(List.of(), List.of()));
        assertThat(lines()).containsExactly("queue: no chat waiting");
    }

    @Test
    void aNewWaitingChatIsAnnouncedAndOthersChangeSilently() {
        screen.queueChanged(new QueueChange("added", chat("c1", Map.of("contact", Map.of("email", "x@example.org")))));
        screen.queueChanged(new QueueChange("updated", chat("c1", Map.of("subject", "Refund"))));
        screen.queueChanged(new QueueChange("removed", chat("c1")));
        assertThat(lines()).containsExactly("+ waiting: c1 sales, conversation conv-c1");
    }

    @Test
    void theFirstAssignedChatBecomesCurrentAndShowsItsHistory() {
        screen.assigned(new ChatView(
                chat("c1"),
                List.of(
                        message("c1", true, "user", null, "I need a human"),
                        message("c1", true, "bot", null, "Connecting you"),
                        message("c1", false, "desk", null, "Please wait"))));
        screen.assigned(new ChatView(chat("c2"), List.of()));
        assertThat(lines())
                .containsExactly(
                        "assigned to you: c1 sales, conversation conv-c1  [current]",
                        "    (before handoff) user: I need a human",
                        "    (before handoff) bot: Connecting you",
                        "    queue auto-reply: Please wait",
                        "assigned to you: c2 sales, conversation conv-c2  (/switch c2)");
    }

    @Test
    void plainTextRepliesToTheCurrentChat() {
        assign("c1");
        assertThat(type("Sawubona")).contains(new DeskRequest(AgentEvents.SEND, new Requests.Send("c1", "Sawubona")));
        assertThat(type("/resolve")).contains(new DeskRequest(AgentEvents.RESOLVE, new Requests.ChatRef("c1")));
        assertThat(type("/subject Delivery"))
                .contains(new DeskRequest(AgentEvents.SUBJECT, new Requests.Subject("c1", "Delivery")));
        assertThat(type("/transfer @bob"))
                .contains(new DeskRequest(AgentEvents.TRANSFER, new Requests.Transfer("c1", "bob", null)));
        assertThat(type("/transfer support"))
                .contains(new DeskRequest(AgentEvents.TRANSFER, new Requests.Transfer("c1", null, "support")));
        assertThat(lines()).isEmpty();
    }

    @Test
    void withoutACurrentChatNothingIsSentAndTheAgentIsToldToTakeOne() {
        for (String line : List.of("hello", "/resolve", "/subject X", "/transfer", "/transfer support"))
            assertThat(type(line)).isEmpty();
        assertThat(lines()).hasSize(5).containsOnly("no current chat: /take one from the /queue first");
    }

    @Test
    void aTransferWithoutATargetShowsItsUsage() {
        assign("c1");
        assertThat(type("/transfer")).isEmpty();
        assertThat(lines()).containsExactly("usage: /transfer DEPARTMENT or /transfer @AGENT");
    }

    @Test
    void aNumberOutsideTheLastListIsRefusedWithTheListsSize() {
        screen.queue(new QueueSnapshot(List.of(chat("c1")), List.of()));
        lines();
        assertThat(type("/take 2")).isEmpty();
        assertThat(type("/take 0")).isEmpty();
        assertThat(type("/read 99999999999999999999")).isEmpty();
        assertThat(lines())
                .containsExactly(
                        "no chat [2] in the last list (1 listed)",
                        "no chat [0] in the last list (1 listed)",
                        "no chat [99999999999999999999] in the last list (1 listed)");
        assertThat(type("/take c77")).contains(new DeskRequest(AgentEvents.TAKE, new Requests.ChatRef("c77")));
    }

    @Test
    void myChatsAreNumberedForSwitchingTheCurrentChat() {
        assertThat(type("/chats")).isEmpty();
        assertThat(lines()).containsExactly("you have no chats");
        assign("c1");
        assign("c2");
        type("/chats");
        type("/switch 2");
        type("/chats");
        assertThat(lines())
                .containsExactly(
                        "your chats:",
                        "  [1] c1 sales, conversation conv-c1  [current]",
                        "  [2] c2 sales, conversation conv-c2",
                        "current chat: c2",
                        "your chats:",
                        "  [1] c1 sales, conversation conv-c1",
                        "  [2] c2 sales, conversation conv-c2  [current]");
        assertThat(type("hi")).contains(new DeskRequest(AgentEvents.SEND, new Requests.Send("c2", "hi")));
    }

    @Test
    void whenTheCurrentChatClosesTheNextOfMineBecomesCurrent() {
        assign("c1");
        assign("c2");
        screen.chatArchived(new ChatClosed("c1", "resolved"));
        screen.unassigned(new ChatClosed("c2", "transferred"));
        assertThat(lines())
                .containsExactly(
                        "chat c1 archived (resolved); current chat: c2", "chat c2 no longer yours (transferred)");
        assertThat(type("hello")).isEmpty();
    }

    @Test
    void myOwnEchoIsNotPrintedButEveryOtherMessageIs() {
        screen.message(message("c1", false, "agent", "ann", "my own words"));
        screen.message(message("c1", false, "user", null, "Ngiyabonga"));
        screen.message(message("c1", false, "agent", "bob", "from bob's other session"));
        screen.message(message("c1", false, "agent", null, "unsigned"));
        screen.message(message("c1", false, "desk", null, "Please wait"));
        assertThat(lines())
                .containsExactly(
                        "[c1] user: Ngiyabonga",
                        "[c1] bob: from bob's other session",
                        "[c1] agent: unsigned",
                        "[c1] queue auto-reply: Please wait");
    }

    @Test
    void aChatIsShownWithItsMessages() {
        screen.chat(new ChatView(
                chat("c1", Map.of("subject", "Delivery")), List.of(message("c1", false, "agent", "ann", "Hello"))));
        assertThat(lines()).containsExactly("c1 sales, conversation conv-c1, subject 'Delivery'", "    ann: Hello");
    }

    @Test
    void theArchiveNumbersArchivedChatsForArchived() {
        screen.archive(new ArchivePage(List.of(), 0, 20));
        screen.archive(new ArchivePage(
                List.of(chat("c1", Map.of("archiveReason", "resolved", "archivedAt", "2024-05-01T11:00:00Z"))), 0, 20));
        assertThat(lines())
                .containsExactly(
                        "no archived chats",
                        "archived chats:",
                        "  [1] c1 sales, conversation conv-c1, resolved at 2024-05-01T11:00:00Z");
        assertThat(type("/archived 1")).contains(new DeskRequest(AgentEvents.GET_ARCHIVED, new Requests.ChatRef("c1")));
    }

    @Test
    void statusRemindersAndRefusalsAreOneLineEach() {
        screen.status(new AgentView("ann", List.of("sales"), 2, "af", "away", 1));
        screen.slaReminder(new SlaReminder("c1", "2024-05-01T10:00:00Z", 95, chat("c1")));
        screen.deskError(new DeskError("take", "at_capacity", "you already have 2 chats"));
        screen.unreachable("connection refused");
        screen.disconnected("transport close");
        screen.disconnected(null);
        assertThat(lines())
                .containsExactly(
                        "you are away, language af",
                        "! chat c1 has waited 95 s for your first answer",
                        "desk refused take: you already have 2 chats",
                        "cannot reach the desk: connection refused",
                        "disconnected from the desk (transport close)",
                        "disconnected from the desk");
    }

    @Test
    void anEventTheTerminalCannotReadIsPrintedWithItsId() {
        screen.undecodable("queue", "missing waiting");
        assertThat(lines()).containsExactly("[bad-desk-event] cannot read the desk's queue event: missing waiting");
    }

    @Test
    void helpAndBadInputArePrinted() {
        assertThat(type("/help")).isEmpty();
        assertThat(type("/take")).isEmpty();
        assertThat(lines()).contains("commands:", "which chat? give its number from the last list or its id");
    }

    @Test
    void aDeskEventOfTheRightTypeButMissingItsChatIsReportedAndTheTerminalGoesOn() {
        AgentConnection.dispatch(
                AgentEvents.QUEUE_CHANGED, new QueueChange("added", null), screen::queueChanged, screen);
        assertThat(lines())
                .singleElement()
                .asString()
                .startsWith("[bad-desk-event] cannot read the desk's queue_changed event:");
    }

    @Test
    void aChatSentAgainAfterAReconnectShowsOnlyTheMessagesNotShownYetAndReadShowsAll() {
        screen.assigned(new ChatView(
                chat("c1", Map.of("status", "assigned")), List.of(message("c1", 1, false, "user", null, "hello"))));
        screen.message(message("c1", 2, false, "user", null, "are you there?"));
        screen.message(message("c1", 2, false, "user", null, "are you there?"));
        lines();

        screen.chatSync(new ChatView(
                chat("c1", Map.of("status", "assigned")),
                List.of(
                        message("c1", 1, false, "user", null, "hello"),
                        message("c1", 2, false, "user", null, "are you there?"),
                        message("c1", 3, false, "user", null, "written while you were away"))));
        assertThat(lines())
                .containsExactly(
                        "while you were away, chat c1 sales, conversation conv-c1",
                        "    user: written while you were away");
        screen.message(message("c1", 3, false, "user", null, "written while you were away"));
        screen.chatSync(new ChatView(
                chat("c1", Map.of("status", "assigned")),
                List.of(message("c1", 3, false, "user", null, "written while you were away"))));
        assertThat(lines()).as("nothing new").isEmpty();

        screen.chat(new ChatView(
                chat("c1", Map.of("status", "assigned")),
                List.of(
                        message("c1", 1, false, "user", null, "hello"),
                        message("c1", 3, false, "user", null, "written while you were away"))));
        assertThat(lines()).hasSize(3);
    }

    @Test
    void theTerminalSaysWhenTheUserOfOneOfMyChatsLeavesAndComesBack() {
        screen.assigned(new ChatView(chat("c1", Map.of("status", "assigned", "userConnected", true)), List.of()));
        lines();
        screen.queueChanged(new QueueChange("updated", chat("c1", Map.of("userConnected", false))));
        screen.queueChanged(new QueueChange("updated", chat("c1", Map.of("userConnected", true))));
        assertThat(lines())
                .containsExactly("chat c1: the user left; messages wait for them", "chat c1: the user is back");
    }

    static MessageView translated(int seq, String sender, String author, String text, TranslationView t) {
        return new MessageView("c1", seq, false, sender, author, text, "zu", t, "2024-05-01T10:00:00Z");
    }

    @Test
    void aTranslatedMessageShowsTheTranslationWithItsEngineAndTheOriginalIsOneCommandAway() {
        assign("c1");
        screen.message(translated(3, "user", null, "Sawubona", new TranslationView("Hello", "en", "apertium", null)));
        assertThat(lines()).containsExactly("[c1] #3 user [zu→en, apertium]: Hello");

        assertThat(type("/original 3")).isEmpty();
        assertThat(lines()).containsExactly("#3 user (zu), original: Sawubona");
        assertThat(type("/original 9")).isEmpty();
        assertThat(lines()).containsExactly("no message #9 shown in chat c1");
    }

    @Test
    void aFailedTranslationShowsTheOriginalMarkedAndRetryAsksForItAgain() {
        assign("c1");
        screen.message(translated(4, "user", null, "Ngicela", new TranslationView(null, "en", "apertium", "timeout")));
        assertThat(lines()).containsExactly("[c1] #4 user [not translated: timeout]: Ngicela");

        assertThat(type("/retry 4"))
                .contains(new DeskRequest(AgentEvents.RETRANSLATE, new Requests.MessageRef("c1", 4, null)));
        assertThat(type("/retry h2"))
                .contains(new DeskRequest(AgentEvents.RETRANSLATE, new Requests.MessageRef("c1", 2, true)));
        assertThat(type("/retry")).isEmpty();
        assertThat(lines()).containsExactly(AgentCommands.WHICH_MESSAGE);

        screen.messageUpdated(
                translated(4, "user", null, "Ngicela", new TranslationView("Please", "en", "apertium", null)));
        assertThat(lines()).containsExactly("[c1] (translated again) #4 user [zu→en, apertium]: Please");
    }

    @Test
    void theAgentSeesWhatTheUserGotForItsOwnReply() {
        assign("c1");
        MessageView sent = new MessageView(
                "c1",
                5,
                false,
                "agent",
                "ann",
                "Good morning",
                "en",
                new TranslationView("Sawubona", "zu", "apertium", null),
                "t");
        screen.message(sent);
        assertThat(lines()).containsExactly("[c1] (the user got [en→zu, apertium]: Sawubona)");

        screen.message(new MessageView(
                "c1",
                6,
                false,
                "agent",
                "ann",
                "Thanks",
                "en",
                new TranslationView(null, "zu", "apertium", "rate_limited"),
                "t"));
        assertThat(lines())
                .containsExactly("[c1] (not translated: sent as written (rate_limited); send it again to try again)");
    }

    @Test
    void chatlangCorrectsTheCurrentChatsLanguage() {
        assign("c1");
        assertThat(type("/chatlang xh"))
                .contains(new DeskRequest(AgentEvents.SET_CHAT_LANGUAGE, new Requests.ChatLanguage("c1", "xh")));
        assertThat(type("/chatlang")).isEmpty();
        assertThat(lines()).containsExactly("usage: /chatlang CODE (e.g. /chatlang zu)");
    }
}
