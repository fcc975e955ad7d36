package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.api.ChatClosed;
import dev.handoff.desk.api.ChatView;
import dev.handoff.desk.api.Contact;
import dev.handoff.desk.api.DeskError;
import dev.handoff.desk.api.MessageView;
import dev.handoff.desk.api.QueueChange;
import dev.handoff.desk.api.SlaReminder;
import dev.handoff.desk.config.AutoReplyConfig;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.core.DeskException;
import dev.handoff.desk.core.HelpDesk;
import dev.handoff.desk.core.HistoryLine;
import dev.handoff.desk.core.OpenChat;
import dev.handoff.desk.store.InMemoryChatStore;
import dev.handoff.desk.support.DeskConfigs;
import dev.handoff.desk.support.MutableClock;
import dev.handoff.desk.support.RecordingOutbox;
import dev.handoff.desk.support.TestDesks;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The help desk's rules (queue, assignment, SLA, auto-replies, archive) with a hand-moved clock, no sockets. */
class HelpDeskTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T08:00:00Z"));
    final RecordingOutbox outbox = new RecordingOutbox();
    final InMemoryChatStore store = new InMemoryChatStore();
    final AtomicInteger ids = new AtomicInteger();

    DeskConfig config = DeskConfigLoader.parse(TestDesks.YAML, "test").withDataDir(Path.of("unused"));

    HelpDesk desk() {
        return new HelpDesk(config, store, clock, outbox, () -> "chat-" + ids.incrementAndGet());
    }

    static OpenChat user(String conversation, String department) {
        return new OpenChat(conversation, "bot-1", department, null, null, false);
    }

    static OpenChat user(String conversation, String department, String language) {
        return new OpenChat(conversation, "bot-1", department, language, null, false);
    }

    @Test
    void aChatWaitsInItsDepartmentsQueueUntilAnAgentOfThatDepartmentIsOnline() {
        HelpDesk desk = desk();
        String chat = desk.openChat(user("c1", "support"), chatId -> {}).chatId();
        desk.agentConnected("ann", view -> {});
        assertThat(desk.queue("ann").waiting()).isEmpty();
        assertThat(desk.counts()).containsEntry("queued", 1L);

        desk.agentConnected("bob", view -> {});
        assertThat(outbox.toAgent("bob", AgentEvents.ASSIGNED))
                .singleElement()
                .satisfies(v -> assertThat(((ChatView) v).chat().chatId()).isEqualTo(chat));
        assertThat(desk.queue("bob").mine()).extracting(c -> c.chatId()).containsExactly(chat);
        assertThat(store.assignments(chat)).containsExactly("bob:open");
    }

    @Test
    void aChatWithoutAKnownDepartmentWaitsInTheFirstDepartment() {
        HelpDesk desk = desk();
        desk.openChat(user("c1", null), chatId -> {});
        desk.openChat(user("c2", "billing"), chatId -> {});
        assertThat(store.openChats()).extracting(c -> c.department()).containsExactly("sales", "sales");
    }

    @Test
    void autoAssignNeverGivesAnAgentMoreThanItsMaximumOfChats() {
        HelpDesk desk = desk();
        desk.agentConnected("ann", view -> {});
        for (int i = 0; i < 4; i++) desk.openChat(user("c" + i, "sales"), chatId -> {});
        assertThat(desk.queue("ann").mine().size()).isEqualTo(2);
        assertThat(desk.counts()).containsEntry("queued", 2L).containsEntry("assigned", 2L);

        desk.resolve("ann", "chat-1");
        assertThat(desk.queue("ann").mine().size()).isEqualTo(2);
        assertThat(desk.queue("ann").waiting()).extracting(c -> c.chatId()).containsExactly("chat-4");
    }

    @Test
    void agentsAreToldOfAChatInTheQueueOnlyWhenItWaitsThere() {
        HelpDesk desk = desk();
        desk.agentConnected("ann", view -> {});
        desk.agentConnected("cara", view -> {});
        for (int i = 1; i <= 4; i++) desk.openChat(user("c" + i, "sales"), chatId -> {});
        // chat-1 to chat-3 went to ann (2) and cara (1) as they opened: nobody saw them wait
        for (String agent : List.of("ann", "cara")) {
            assertThat(outbox.toAgent(agent, AgentEvents.QUEUE_CHANGED))
                    .extracting(e -> (QueueChange) e)
                    .extracting(c -> c.change() + " " + c.chat().chatId())
                    .containsExactly("added chat-4");
        }

        outbox.clear();
        desk.resolve("ann", "chat-1");
        for (String agent : List.of("ann", "cara")) {
            assertThat(outbox.toAgent(agent, AgentEvents.QUEUE_CHANGED))
                    .extracting(e -> (QueueChange) e)
                    .extracting(c -> c.change() + " " + c.chat().chatId())
                    .containsExactly("removed chat-4");
        }
    }

    @Test
    void autoAssignGivesTheChatToTheLeastLoadedAgentOfTheDepartment() {
        HelpDesk desk = desk();
        desk.agentConnected("ann", view -> {});
        desk.openChat(user("c1", "sales"), chatId -> {});
        desk.agentConnected("cara", view -> {});
        desk.openChat(user("c2", "sales"), chatId -> {});
        assertThat(desk.queue("ann").mine().size()).isEqualTo(1);
        assertThat(desk.queue("cara").mine().size()).isEqualTo(1);
    }

    @Test
    void anAwayAgentGetsNoNewChatsButMayStillTakeOne() {
        HelpDesk desk = desk();
        desk.agentConnected("ann", view -> {});
        desk.setStatus("ann", "away");
        String chat = desk.openChat(user("c1", "sales"), chatId -> {}).chatId();
        assertThat(outbox.toAgent("ann", AgentEvents.ASSIGNED)).isEmpty();
        assertThat(outbox.toAgent("ann", AgentEvents.QUEUE_CHANGED)).isNotEmpty();

        desk.take("ann", chat);
        assertThat(desk.queue("ann").mine()).hasSize(1);
    }

    @Test
    void withAutoAssignOffChatsWaitForAnAgentToTakeThem() {
        config = DeskConfigs.withAutoAssign(config, false);
        HelpDesk desk = desk();
        desk.agentConnected("ann", view -> {});
        String chat = desk.openChat(user("c1", "sales"), chatId -> {}).chatId();
        desk.tick();
        assertThat(outbox.toAgent("ann", AgentEvents.ASSIGNED)).isEmpty();

        ChatView taken = desk.take("ann", chat);
        assertThat(taken.chat().status()).isEqualTo("assigned");
        assertThat(taken.chat().agent()).isEqualTo("ann");
    }

    @Test
    void takingIsRefusedForAnotherDepartmentAChatAlreadyTakenOrBeyondTheMaximum() {
        config = DeskConfigs.withAutoAssign(config, false);
        HelpDesk desk = desk();
        desk.agentConnected("ann", view -> {});
        desk.agentConnected("cara", view -> {});
        String support = desk.openChat(user("c1", "support"), chatId -> {}).chatId();
        assertThatThrownBy(() -> desk.take("ann", support))
                .isInstanceOf(DeskException.class)
                .hasMessageContaining("waits in 'support'")
                .extracting(e -> ((DeskException) e).code())
                .isEqualTo(DeskError.Code.NOT_YOUR_DEPARTMENT);
        desk.take("cara", support);
        String sales = desk.openChat(user("c2", "sales"), chatId -> {}).chatId();
        assertThatThrownBy(() -> desk.take("cara", sales))
                .extracting(e -> ((DeskException) e).code())
                .isEqualTo(DeskError.Code.AT_CAPACITY);
        assertThatThrownBy(() -> desk.take("ann", support))
                .extracting(e -> ((DeskException) e).code())
                .isEqualTo(DeskError.Code.NOT_WAITING);
    }

    @Test
    void queueAutoRepliesGoToWaitingUsersAtTheIntervalInTheirLanguageWithEnglishAsFallback() {
        config = DeskConfigs.withTimers(
                config,
                new AutoReplyConfig(Duration.ofSeconds(30), Map.of("en", "Please wait", "zu", "Sicela ulinde")),
                config.sla(),
                config.idleArchive(),
                config.disconnectGrace(),
                config.tick());
        HelpDesk desk = desk();
        String zulu = desk.openChat(user("c1", "sales", "zu-ZA"), chatId -> {}).chatId();
        String unknown = desk.openChat(user("c2", "sales", "xh"), chatId -> {}).chatId();
        String none = desk.openChat(user("c3", "sales"), chatId -> {}).chatId();

        clock.advance(Duration.ofSeconds(29));
        desk.tick();
        assertThat(outbox.toUser(zulu)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        desk.tick();
        assertThat(outbox.toUser(zulu)).containsExactly("Sicela ulinde");
        assertThat(outbox.toUser(unknown)).containsExactly("Please wait");
        assertThat(outbox.toUser(none)).containsExactly("Please wait");
        clock.advance(Duration.ofSeconds(30));
        desk.tick();
        assertThat(outbox.toUser(zulu)).hasSize(2);

        desk.agentConnected("ann", view -> {});
        clock.advance(Duration.ofSeconds(30));
        desk.tick();
        assertThat(outbox.toUser(zulu)).as("assigned chats get no auto-reply").hasSize(2);
        assertThat(store.messages(zulu)).extracting(m -> m.sender()).containsOnly("desk");
    }

    @Test
    void anAgentWhoDoesNotAnswerANewChatWithinTheSlaGetsOneReminder() {
        HelpDesk desk = desk();
        desk.agentConnected("ann", view -> {});
        String chat = desk.openChat(user("c1", "sales"), chatId -> {}).chatId();
        clock.advance(config.sla().minusSeconds(1));
        desk.tick();
        assertThat(outbox.toAgent("ann", AgentEvents.SLA_REMINDER)).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        desk.tick();
        desk.tick();
        assertThat(outbox.toAgent("ann", AgentEvents.SLA_REMINDER))
                .singleElement()
                .satisfies(r -> {
                    assertThat(((SlaReminder) r).chatId()).isEqualTo(chat);
                    assertThat(((SlaReminder) r).waitingSeconds())
                            .isEqualTo(config.sla().toSeconds());
                });
    }

    @Test
    void anAgentWhoAnswersInTimeGetsNoSlaReminder() {
        HelpDesk desk = desk();
        desk.agentConnected("ann", view -> {});
        String chat = desk.openChat(user("c1", "sales"), chatId -> {}).chatId();
        desk.reply("ann", chat, "Hello!").join();
        clock.advance(config.sla().plusSeconds(5));
        desk.tick();
        assertThat(outbox.toAgent("ann", AgentEvents.SLA_REMINDER)).isEmpty();
        assertThat(outbox.toUser(chat)).containsExactly("Hello!");
    }

    @Test
    void transferringToAnotherAgentMovesTheChatAndItsAssignment() {
        HelpDesk desk = desk();
        desk.agentConnected("ann", view -> {});
        String chat = desk.openChat(user("c1", "sales"), chatId -> {}).chatId();
        desk.agentConnected("cara", view -> {});
        desk.transfer("ann", chat, "cara", null);

        assertThat(outbox.toAgent("ann", AgentEvents.UNASSIGNED)).containsExactly(new ChatClosed(chat, "transferred"));
        assertThat(outbox.toAgent("cara", AgentEvents.ASSIGNED)).hasSize(1);
        assertThat(store.assignments(chat)).containsExactly("ann:transferred", "cara:open");
        assertThatThrownBy(() -> desk.reply("ann", chat, "still mine?").join())
                .extracting(e -> ((DeskException) e).code())
                .isEqualTo(DeskError.Code.NOT_YOURS);
    }

    @Test
    void transferringToADepartmentPutsTheChatInThatQueueForItsAgents() {
        HelpDesk desk = desk();
        desk.agentConnected("ann", view -> {});
        String chat = desk.openChat(user("c1", "sales"), chatId -> {}).chatId();
        desk.agentConnected("bob", view -> {});
        desk.transfer("ann", chat, null, "support");

        assertThat(desk.queue("bob").mine()).extracting(c -> c.chatId()).containsExactly(chat);
        assertThat(desk.queue("bob").mine().get(0).department()).isEqualTo("support");
        assertThat(desk.queue("ann").mine().size()).isZero();
    }

    @Test
    void transferNamesTheValidChoicesWhenTheTargetIsUnknown() {
        HelpDesk desk = desk();
        desk.agentConnected("ann", view -> {});
        String chat = desk.openChat(user("c1", "sales"), chatId -> {}).chatId();
        assertThatThrownBy(() -> desk.transfer("ann", chat, null, "billing"))
                .hasMessage("no department 'billing' (known: sales, support)");
        assertThatThrownBy(() -> desk.transfer("ann", chat, "zoe", null))
                .hasMessage("no agent 'zoe' (known: ann, bob, cara)");
        assertThatThrownBy(() -> desk.transfer("ann", chat, "bob", null)).hasMessage("agent bob is offline");
    }

    @Test
    void resolvingArchivesTheChatAndEndsTheUsersLiveChat() {
        HelpDesk desk = desk();
        desk.agentConnected("ann", view -> {});
        String chat = desk.openChat(user("c1", "sales"), chatId -> {}).chatId();
        desk.resolve("ann", chat);

        assertThat(outbox.userChatEnded(chat)).isTrue();
        assertThat(store.chat(chat).orElseThrow().archiveReason()).isEqualTo("resolved");
        assertThat(desk.archive("ann", 0, 10).chats())
                .extracting(c -> c.chatId())
                .containsExactly(chat);
        assertThat(store.assignments(chat)).containsExactly("ann:resolved");
    }

    @Test
    void archivedChatsAreReadOnly() {
        HelpDesk desk = desk();
        desk.agentConnected("ann", view -> {});
        String chat = desk.openChat(user("c1", "sales"), chatId -> {}).chatId();
        desk.resolve("ann", chat);

        assertThatThrownBy(() -> desk.reply("ann", chat, "hello?").join())
                .extracting(e -> ((DeskException) e).code())
                .isEqualTo(DeskError.Code.NOT_FOUND);
        assertThatThrownBy(() -> desk.userMessage(chat, null, "hello?"))
                .extracting(e -> ((DeskException) e).code())
                .isEqualTo(DeskError.Code.NOT_FOUND);
        assertThatThrownBy(() -> desk.subject("ann", chat, "x"))
                .extracting(e -> ((DeskException) e).code())
                .isEqualTo(DeskError.Code.NOT_FOUND);
        assertThatThrownBy(() -> desk.resolve("ann", chat))
                .extracting(e -> ((DeskException) e).code())
                .isEqualTo(DeskError.Code.NOT_FOUND);
        assertThat(desk.archivedChat("ann", chat).chat().status()).isEqualTo("archived");
    }

    @Test
    void aChatWithNoMessageForTheIdleTimeIsArchived() {
        config = DeskConfigs.withTimers(
                config,
                config.autoReply(),
                config.sla(),
                Duration.ofMinutes(10),
                config.disconnectGrace(),
                config.tick());
        HelpDesk desk = desk();
        desk.agentConnected("ann", view -> {});
        String quiet = desk.openChat(user("c1", "sales"), chatId -> {}).chatId();
        String busy = desk.openChat(user("c2", "sales"), chatId -> {}).chatId();
        clock.advance(Duration.ofMinutes(9));
        desk.userMessage(busy, null, "still here");
        clock.advance(Duration.ofMinutes(1));
        desk.tick();

        assertThat(isOpen(desk, quiet)).isFalse();
        assertThat(store.chat(quiet).orElseThrow().archiveReason()).isEqualTo("idle");
        assertThat(outbox.userChatEnded(quiet)).isTrue();
        assertThat(isOpen(desk, busy)).isTrue();
    }

    @Test
    void aChatWhoseTimersFailDoesNotStopTheOthersOfTheSameTick() {
        config = DeskConfigs.withTimers(
                config,
                config.autoReply(),
                config.sla(),
                Duration.ofMinutes(10),
                config.disconnectGrace(),
                config.tick());
        AtomicInteger refusals = new AtomicInteger();
        dev.handoff.desk.store.ChatStore refusingTheFirstArchive =
                (dev.handoff.desk.store.ChatStore) java.lang.reflect.Proxy.newProxyInstance(
                        getClass().getClassLoader(),
                        new Class<?>[] {dev.handoff.desk.store.ChatStore.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("update")
                                    && ((dev.handoff.desk.store.StoredChat) args[0]).archiveReason() != null
                                    && refusals.getAndIncrement() == 0) {
                                throw new dev.handoff.desk.store.StoreBusyException("the write queue is full");
                            }
                            try {
                                return method.invoke(store, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
        HelpDesk desk =
                new HelpDesk(config, refusingTheFirstArchive, clock, outbox, () -> "chat-" + ids.incrementAndGet());
        desk.agentConnected("ann", view -> {});
        String first = desk.openChat(user("c1", "sales"), chatId -> {}).chatId();
        String second = desk.openChat(user("c2", "sales"), chatId -> {}).chatId();
        clock.advance(Duration.ofMinutes(10));

        desk.tick(); // the first chat's archive cannot be written

        assertThat(refusals).hasValue(2);
        assertThat(store.chat(second).orElseThrow().archiveReason()).isEqualTo("idle");
        assertThat(isOpen(desk, second)).isFalse();
        assertThat(store.chat(first).orElseThrow().archiveReason()).isNull();
    }

    @Test
    void theDefaultIdleArchiveTimeIs24Hours() {
        assertThat(DeskConfigLoader.parse("{}", "empty").idleArchive()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void aUserWhoDisconnectsAndDoesNotComeBackWithinTheGraceIsArchived() {
        HelpDesk desk = desk();
        String gone = desk.openChat(user("c1", "sales"), chatId -> {}).chatId();
        String back = desk.openChat(user("c2", "sales"), chatId -> {}).chatId();
        desk.userDisconnected(gone);
        desk.userDisconnected(back);
        clock.advance(config.disconnectGrace().minusSeconds(1));
        HelpDesk.Opened reopened = desk.openChat(user("c2", "sales"), chatId -> {});
        clock.advance(Duration.ofSeconds(1));
        desk.tick();

        assertThat(reopened.resumed()).isTrue();
        assertThat(reopened.chatId()).isEqualTo(back);
        assertThat(isOpen(desk, back)).isTrue();
        assertThat(isOpen(desk, gone)).isFalse();
        assertThat(store.chat(gone).orElseThrow().archiveReason()).isEqualTo("user_disconnected");
        assertThat(outbox.userChatEnded(gone)).as("nobody to tell").isFalse();
    }

    @Test
    void aConversationThatHandsOffAgainAfterItsChatWasArchivedGetsANewChat() {
        HelpDesk desk = desk();
        desk.agentConnected("ann", view -> {});
        String first = desk.openChat(user("c1", "sales"), chatId -> {}).chatId();
        desk.resolve("ann", first);
        HelpDesk.Opened second = desk.openChat(user("c1", "sales"), chatId -> {});
        assertThat(second.resumed()).isFalse();
        assertThat(second.chatId()).isNotEqualTo(first);
    }

    @Test
    void theBotHistoryIsStoredOnceEvenWhenSentTwiceAndComesBeforeTheLiveChat() {
        HelpDesk desk = desk();
        desk.agentConnected("ann", view -> {});
        String chat = desk.openChat(
                        new OpenChat("c1", "bot-1", "sales", "af", new Contact("Anna", null, "+27 11 000"), false),
                        chatId -> {})
                .chatId();
        desk.userMessage(chat, null, "are you there?");
        List<HistoryLine> history = List.of(new HistoryLine("user", "hi"), new HistoryLine("bot", "hello"));
        desk.recordHistory(chat, history);
        desk.recordHistory(chat, history);

        ChatView view = desk.read("ann", chat);
        assertThat(view.messages()).extracting(MessageView::text).containsExactly("hi", "hello", "are you there?");
        assertThat(view.messages()).extracting(MessageView::language).containsOnly("af");
        assertThat(view.chat().contact().name()).isEqualTo("Anna");
    }

    @Test
    void messagesOverTheMaximumSizeAreRefused() {
        HelpDesk desk = desk();
        desk.agentConnected("ann", view -> {});
        String chat = desk.openChat(user("c1", "sales"), chatId -> {}).chatId();
        String tooLong = "x".repeat(config.maxMessageSize() + 1);
        assertThatThrownBy(() -> desk.userMessage(chat, null, tooLong))
                .hasMessageContaining("the maximum is " + config.maxMessageSize());
        assertThatThrownBy(() -> desk.reply("ann", chat, tooLong).join())
                .extracting(e -> ((DeskException) e).code())
                .isEqualTo(DeskError.Code.TOO_LONG);
        assertThat(store.messages(chat)).isEmpty();
    }

    @Test
    void aRestartedDeskResumesOpenChatsWithTheirAgents() {
        HelpDesk first = desk();
        first.agentConnected("ann", view -> {});
        String chat = first.openChat(user("c1", "sales"), chatId -> {}).chatId();
        first.reply("ann", chat, "hi").join();

        HelpDesk second = desk();
        assertThat(second.resumeStored()).isEqualTo(1);
        assertThat(second.queue("ann").mine().size()).isEqualTo(1);
        HelpDesk.Opened resumed = second.openChat(user("c1", "sales"), chatId -> {});
        assertThat(resumed.chatId()).isEqualTo(chat);
        assertThat(resumed.needsHistory()).isTrue();
        second.agentConnected("ann", view -> {});
        second.reply("ann", chat, "welcome back").join();
        assertThat(store.messages(chat)).extracting(m -> m.seq()).containsExactly(1, 2);
    }

    @Test
    void anAgentOfflineLongerThanTheGraceHasTheirChatsPutBackInTheQueue() {
        HelpDesk desk = desk();
        desk.agentConnected("ann", view -> {});
        String kept = desk.openChat(user("c1", "sales"), chatId -> {}).chatId();
        desk.agentDisconnected("ann");
        clock.advance(config.disconnectGrace().minusSeconds(1));
        desk.tick();
        desk.agentConnected("ann", view -> {});
        clock.advance(Duration.ofHours(1));
        desk.tick();
        assertThat(desk.queue("ann").mine()).extracting(c -> c.chatId()).containsExactly(kept);

        desk.agentDisconnected("ann");
        clock.advance(config.disconnectGrace());
        desk.tick();
        assertThat(desk.counts()).containsEntry("queued", 1L).containsEntry("assigned", 0L);
        assertThat(store.assignments(kept)).containsExactly("ann:agent_offline");
        desk.agentConnected("cara", view -> {});
        assertThat(desk.queue("cara").mine()).extracting(c -> c.chatId()).containsExactly(kept);
    }

    @Test
    void messagesSentWhileTheBotIsAwayAreDeliveredInOrderWhenItReconnects() {
        HelpDesk desk = desk();
        desk.agentConnected("ann", view -> {});
        String chat = desk.openChat(user("c1", "sales"), chatId -> {}).chatId();
        desk.userDisconnected(chat);
        desk.reply("ann", chat, "are you there?").join();
        desk.reply("ann", chat, "I found your order").join();
        assertThat(outbox.toUser(chat)).isEmpty();

        desk.openChat(user("c1", "sales"), chatId -> {});
        assertThat(outbox.toUser(chat)).containsExactly("are you there?", "I found your order");
        desk.userDisconnected(chat);
        desk.openChat(user("c1", "sales"), chatId -> {});
        assertThat(outbox.toUser(chat)).as("delivered once").hasSize(2);
    }

    @Test
    void anAgentReadsItsOwnChatsAndTheChatsOfItsDepartmentsOnly() {
        HelpDesk desk = desk();
        desk.agentConnected("ann", view -> {});
        String anns = desk.openChat(user("c1", "sales"), chatId -> {}).chatId();
        String support = desk.openChat(user("c2", "support"), chatId -> {}).chatId();
        assertThat(desk.read("ann", anns).chat().agent()).isEqualTo("ann");
        assertThatThrownBy(() -> desk.read("ann", support))
                .extracting(e -> ((DeskException) e).code())
                .isEqualTo(DeskError.Code.NOT_FOUND);

        desk.agentConnected("bob", view -> {});
        assertThat(desk.read("bob", support).chat().agent()).isEqualTo("bob");
        assertThatThrownBy(() -> desk.read("ann", support))
                .hasMessage("no chat '" + support + "'")
                .extracting(e -> ((DeskException) e).code())
                .isEqualTo(DeskError.Code.NOT_FOUND);
        desk.resolve("bob", support);
        assertThatThrownBy(() -> desk.read("ann", support))
                .hasMessage("no chat '" + support + "'")
                .extracting(e -> ((DeskException) e).code())
                .isEqualTo(DeskError.Code.NOT_FOUND);
        assertThat(desk.read("bob", support).chat().status()).isEqualTo("archived");
        assertThat(desk.read("cara", support).chat().status())
                .as("cara serves every department")
                .isEqualTo("archived");
    }

    /** Open (queued or with an agent), as opposed to archived: only archived chats read as archived. */
    static boolean isOpen(HelpDesk desk, String chatId) {
        try {
            desk.archivedChat("cara", chatId);
            return false;
        } catch (DeskException notArchived) {
            return true;
        }
    }
}
