package dev.handoff.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.liveagent.socketio.SocketIoSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot as a process of its own ({@code handoff chat --store DIR}, the demo bot) in a live handoff with the
 * real desk and agent, killed with SIGKILL mid-handoff and started again on the same store: the same chat goes
 * on, the agent's message written while the bot was dead reaches the user once, the user's next message reaches
 * the agent once, and the history is shown.
 */
class KilledBotTest {
    @TempDir
    Path data;

    private DeskConfig config;
    private DeskService desk;
    private TestAgent ann;
    private final List<Chat> chats = new ArrayList<>();

    @BeforeEach
    void setUp() {
        config = TestDesks.config(data.resolve("desk"));
        desk = TestDesks.start(config);
        ann = TestAgent.signIn(TestDesks.url(config), "ann", "ann-token");
    }

    @AfterEach
    void tearDown() {
        chats.forEach(Chat::kill);
        ann.close();
        desk.stop();
    }

    private Chat chat() throws IOException {
        Chat chat = new Chat(
                "chat",
                "--store",
                data.resolve("bot").toString(),
                "--live-agent",
                TestDesks.url(config),
                "--conversation-id",
                "killed-1");
        chats.add(chat);
        return chat;
    }

    @Test
    void aBotKilledWithSigkillMidHandoffResumesTheChatWithNothingLostOrDoubled() throws Exception {
        Chat first = chat();
        first.type("I want to talk to a human")
                .expect("bot: Would you like to chat with one of our agents?")
                .expect("  1) Sales")
                .expect("  2) Technical support")
                .expect("  3) Continue with the bot")
                .type("Sales")
                .expectStartingWith("bot: Before I connect you")
                .type("Thandi")
                .expectStartingWith("bot: What email")
                .type("thandi@example.org")
                .expectStartingWith("bot: Connecting you")
                .awaitLine("system: ann joined the chat."); // after any "waiting (position N)" notices
        String chatId = ann.nextAssigned();
        ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "Hello from Ann");
        first.expect("agent: Hello from Ann");
        first.type("first question");
        ann.awaitUserMessage(chatId, "first question");

        first.kill();
        ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "Written while you were away");

        Chat second = chat();
        second.awaitLine("agent: Written while you were away");
        second.type("second question");
        ann.awaitUserMessage(chatId, "second question");
        ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "Answer two");
        second.awaitLine("agent: Answer two");
        assertThat(second.end()).isZero();

        assertThat(second.seen).contains("you: first question", "agent: Hello from Ann");
        assertThat(second.seen).containsOnlyOnce("agent: Written while you were away", "agent: Answer two");
        assertThat(second.seen).noneMatch(l -> l.startsWith("system: Sorry"));
        assertThat(ann.userMessages(chatId)).containsExactly("first question", "second question");
        assertThat(ann.events.all(AgentEvents.ASSIGNED)).hasSize(1);
    }

    /** {@code handoff chat ...} in a JVM of its own: typed to on standard input, read on standard output. */
    private static final class Chat {
        private static final long WAIT_SECONDS = 60;
        private final Process process;
        private final Writer in;
        private final BlockingQueue<String> out = new LinkedBlockingQueue<>();
        final List<String> seen = new ArrayList<>();

        Chat(String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-XX:TieredStopAtLevel=1",
                    "-D" + SocketIoSettings.IMPLEMENTATION_PROPERTY + "="
                            + SocketIoSettings.defaults().implementation().settingName(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    "dev.handoff.cli.Main"));
            command.addAll(List.of(args));
            process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(
                            Path.of("target", "killed-bot.log").toFile()))
                    .start();
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(
                    () -> {
                        try (var lines = new BufferedReader(
                                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = lines.readLine()) != null) {
                                out.add(line);
                            }
                        } catch (IOException ignored) {
                            // the process ended
                        }
                    },
                    "killed-bot-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        Chat type(String line) throws IOException {
            in.write(line + "\n");
            in.flush();
            return this;
        }

        private String next() throws InterruptedException {
            String line = out.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(line)
                    .as("a line within " + WAIT_SECONDS + " s after " + seen)
                    .isNotNull();
            seen.add(line);
            return line;
        }

        Chat expect(String line) throws InterruptedException {
            assertThat(next()).as("next line after " + seen).isEqualTo(line);
            return this;
        }

        Chat expectStartingWith(String prefix) throws InterruptedException {
            assertThat(next()).as("next line after " + seen).startsWith(prefix);
            return this;
        }

        /** Reads lines until this one. */
        void awaitLine(String line) throws InterruptedException {
            while (!next().equals(line)) {
                // history and notices before it
            }
        }

        /** Closes standard input; reads the rest; the exit status. */
        int end() throws IOException, InterruptedException {
            in.close();
            assertThat(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS))
                    .as("the process ends at end of input")
                    .isTrue();
            String line;
            while ((line = out.poll(1, TimeUnit.SECONDS)) != null) {
                seen.add(line);
            }
            return process.exitValue();
        }

        /** SIGKILL: nothing runs in the bot any more. */
        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
