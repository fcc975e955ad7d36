package dev.handoff.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.conversation.StoredLine.Sender;
import dev.handoff.dialogue.DialogueState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link JdbcConversationStore} database must do: the same tests on H2 and on PostgreSQL. */
abstract class ConversationStoreContract {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    protected ConversationStore store;

    /** The database's JDBC URL (the same for every call within one test). */
    abstract String url();

    @BeforeEach
    void open() {
        store = JdbcConversationStore.open(url());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static DialogueState midForm() {
        return new DialogueState("zu", true, Map.of("size", "small", "name", "Thandi"), "ordering", 1, "address", 2);
    }

    static StoredHandoff liveHandoff() {
        return new StoredHandoff(
                "WITH_AGENT",
                "sales",
                "zu",
                "Thandi",
                "thandi@example.org",
                null,
                "http://127.0.0.1:5005",
                "chat-1",
                "token-secret",
                41,
                "ab12cd34",
                7,
                List.of(new StoredHandoff.UserMessage("ab12cd34-7", "are you there?")));
    }

    static StoredLine line(Sender sender, String text, int second) {
        return StoredLine.of(sender, text, T0.plusSeconds(second));
    }

    @Test
    void aTurnIsReadBackWithItsDialogueStateAndItsUserAndBotLines() {
        store.write(new ConversationWrite(
                "shop",
                "c1",
                midForm(),
                null,
                List.of(
                        line(Sender.USER, "ngifuna uku-oda", 1),
                        new StoredLine(Sender.BOT, "Usayizi muni?", List.of("Encane", "Enkulu"), T0.plusSeconds(1)),
                        line(Sender.SYSTEM, "a notice", 2),
                        line(Sender.AGENT, "an agent", 3))));

        StoredConversation c = store.load("shop", "c1", 10).orElseThrow();

        assertThat(c.dialogue()).isEqualTo(midForm());
        assertThat(c.handoff()).isEmpty();
        assertThat(c.userBotLines())
                .containsExactly(
                        line(Sender.USER, "ngifuna uku-oda", 1),
                        new StoredLine(Sender.BOT, "Usayizi muni?", List.of("Encane", "Enkulu"), T0.plusSeconds(1)));
        assertThat(store.load("shop", "unknown", 10)).isEmpty();
    }

    @Test
    void theTranscriptIsTheLastLinesOfEverySenderOldestFirst() {
        List<StoredLine> lines = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            lines.add(line(Sender.values()[i % 4], "line " + i, i));
        }
        store.write(new ConversationWrite("shop", "c1", midForm(), null, lines.subList(0, 6)));
        store.write(new ConversationWrite("shop", "c1", null, null, lines.subList(6, 10)));

        assertThat(store.transcript("shop", "c1", 3)).containsExactlyElementsOf(lines.subList(7, 10));
        assertThat(store.transcript("shop", "c1", 100)).containsExactlyElementsOf(lines);
        assertThat(store.transcript("shop", "c1", 0)).isEmpty();
    }

    @Test
    void theLineCountIsTheNumberOfLinesEverWrittenForThatConversationAndBotOnly() {
        List<StoredLine> lines = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            lines.add(line(Sender.values()[i % 4], "line " + i, i));
        }
        store.write(new ConversationWrite("shop", "c1", midForm(), null, lines.subList(0, 4)));
        store.write(new ConversationWrite("shop", "c1", null, null, lines.subList(4, 7)));
        store.write(new ConversationWrite("other", "c1", midForm(), null, lines.subList(0, 2)));

        assertThat(store.lineCount("shop", "c1")).isEqualTo(7);
        assertThat(store.lineCount("other", "c1")).isEqualTo(2);
        assertThat(store.lineCount("shop", "unknown")).isZero();
    }

    @Test
    void aLiveHandoffIsStoredWithItsTokenAndUnacknowledgedMessagesAndListedUntilItEnds() {
        store.write(new ConversationWrite("shop", "c1", midForm(), liveHandoff(), List.of()));
        store.write(new ConversationWrite("shop", "c2", midForm(), null, List.of()));

        assertThat(store.load("shop", "c1", 0).orElseThrow().handoff()).contains(liveHandoff());
        assertThat(store.liveHandoffs()).containsExactly(new ConversationStore.Key("shop", "c1"));

        StoredHandoff ended = new StoredHandoff(
                "BACK_WITH_BOT",
                "sales",
                "zu",
                null,
                null,
                null,
                "http://127.0.0.1:5005",
                "chat-1",
                null,
                Long.MIN_VALUE,
                null,
                0,
                List.of());
        store.write(new ConversationWrite("shop", "c1", null, ended, List.of()));

        assertThat(store.liveHandoffs()).isEmpty();
        assertThat(store.load("shop", "c1", 0).orElseThrow().handoff()).contains(ended);
    }

    @Test
    void theResumeTokenIsNeverInTheStoredHandoffsText() {
        assertThat(liveHandoff().toString()).doesNotContain("token-secret").contains("resumeToken=***");
    }

    @Test
    void textWithNulAndTheEscapeCharacterComesBackAsItWasWritten() {
        String odd = "a\u0000b\uFFFFc\uFFFF0d";
        store.write(new ConversationWrite(
                "shop",
                "c1",
                new DialogueState("en", false, Map.of("name", odd), null, 0, null, 0),
                null,
                List.of(new StoredLine(Sender.BOT, odd, List.of(odd), T0))));

        assertThat(store.load("shop", "c1", 5).orElseThrow().dialogue().slots()).containsEntry("name", odd);
        assertThat(store.transcript("shop", "c1", 5))
                .containsExactly(new StoredLine(Sender.BOT, odd, List.of(odd), T0));
    }

    @Test
    void whatWasWrittenIsThereWhenTheStoreIsOpenedAgain() {
        store.write(new ConversationWrite("shop", "c1", midForm(), liveHandoff(), List.of(line(Sender.USER, "hi", 1))));
        store.close();

        store = JdbcConversationStore.open(url());
        store.write(new ConversationWrite("shop", "c1", null, null, List.of(line(Sender.BOT, "Hello!", 2))));

        assertThat(store.load("shop", "c1", 10).orElseThrow().dialogue()).isEqualTo(midForm());
        assertThat(store.transcript("shop", "c1", 10))
                .containsExactly(line(Sender.USER, "hi", 1), line(Sender.BOT, "Hello!", 2));
        assertThat(store.liveHandoffs()).containsExactly(new ConversationStore.Key("shop", "c1"));
    }

    @Test
    void concurrentWritesAreAllCommittedInOrderAndABadOneFailsOnlyItsOwnCaller() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            String id = "c" + t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    store.write(new ConversationWrite(
                            "shop", id, midForm(), null, List.of(line(Sender.USER, id + "-" + i, i))));
                }
            }));
        }
        String tooLong = "x".repeat(300); // longer than the conversation_id column
        var bad = pool.submit(() -> store.write(
                new ConversationWrite("shop", tooLong, midForm(), null, List.of(line(Sender.USER, "bad", 0)))));
        for (var f : done) {
            f.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bad.get(60, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(ConversationStoreException.class)
                .cause()
                .hasMessageStartingWith("[conversation-store-failed]");
        pool.shutdown();
        for (int t = 0; t < 8; t++) {
            String id = "c" + t;
            assertThat(store.transcript("shop", id, 100))
                    .extracting(StoredLine::text)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50)
                            .mapToObj(i -> id + "-" + i)
                            .toList());
        }
    }

    @Test
    void twoBotsKeepConversationsWithTheSameIdApart() {
        store.write(new ConversationWrite("shop", "c1", midForm(), null, List.of(line(Sender.USER, "shop", 1))));
        DialogueState other = new DialogueState("en", false, Map.of(), null, 0, null, 0);
        store.write(new ConversationWrite("bank", "c1", other, null, List.of(line(Sender.USER, "bank", 1))));

        assertThat(store.load("bank", "c1", 5).orElseThrow().dialogue()).isEqualTo(other);
        assertThat(store.transcript("shop", "c1", 5)).containsExactly(line(Sender.USER, "shop", 1));
    }
}
