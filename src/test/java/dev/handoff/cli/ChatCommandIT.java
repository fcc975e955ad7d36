package dev.handoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.liveagent.TestLiveAgentServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged command, run as a process: {@code java -jar target/handoff.jar chat}, typed to on
 * standard input, read on standard output, with a real Socket.IO server playing the live agent.
 */
class ChatCommandIT {
    private static final Path JAR = Path.of("target/handoff.jar");
    private TestLiveAgentServer liveAgent;
    private Process process;

    @AfterEach
    void tearDown() {
        if (process != null) {
            process.destroyForcibly();
        }
        if (liveAgent != null) {
            liveAgent.close();
        }
    }

    /** A running chat process: lines in, lines out. */
    private final class Chat {
        private final Writer in;
        private final BlockingQueue<String> out = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();

        Chat(String... args) throws IOException {
            assertThat(JAR).as("the packaged jar (run with mvn verify)").exists();
            List<String> command = new ArrayList<>(List.of(javaBin(), "-jar", JAR.toString(), "chat"));
            command.addAll(List.of(args));
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        out.add(line);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "chat-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        Chat type(String line) throws IOException {
            in.write(line + "\n");
            in.flush();
            return this;
        }

        Chat expect(String line) throws InterruptedException {
            String next = out.poll(60, TimeUnit.SECONDS);
            assertThat(next).as("next line after " + seen).isEqualTo(line);
            seen.add(next);
            return this;
        }

        Chat expectStartingWith(String prefix) throws InterruptedException {
            String next = out.poll(60, TimeUnit.SECONDS);
            assertThat(next).as("next line after " + seen).startsWith(prefix);
            seen.add(next);
            return this;
        }

        int end() throws IOException, InterruptedException {
            in.close();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the chat ends at end of input").isTrue();
            return process.exitValue();
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void aUserChatsWithTheDemoBotIsHandedToALiveAgentAndComesBack() throws Exception {
        liveAgent = TestLiveAgentServer.start();
        var chat = new Chat("--live-agent", liveAgent.url().toString(), "--conversation-id", "e2e-1");
        chat.type("hello").expectStartingWith("bot: Hello! I can tell you our opening hours")
                .type("what are your opening hours").expectStartingWith("bot: We are open Monday to Friday")
                .type("I want to talk to a human")
                .expect("bot: Would you like to chat with one of our agents?")
                .expect("  1) Sales").expect("  2) Technical support").expect("  3) Continue with the bot")
                .type("2").expect("bot: Before I connect you, what is your name?")
                .type("Thandi Nkosi").expect("bot: What email address or phone number can the agent reach you on?")
                .type("thandi@example.org")
                .expect("bot: Connecting you to an agent. Type /bot at any time to go back to the bot.");
        var connection = liveAgent.awaitConversation("e2e-1");
        chat.expect("system: You are now chatting with a live agent.");
        assertThat(connection.first("username").path("BotID").asText()).isEqualTo("demo-bot");
        assertThat(connection.first("username").path("department").asText()).isEqualTo("support");

        liveAgent.emitToUser("e2e-1", "Hi Thandi, this is Sipho. How can I help?");
        chat.expect("agent: Hi Thandi, this is Sipho. How can I help?");
        chat.type("my router keeps dropping the connection");
        assertThat(liveAgent.awaitFromUser("e2e-1", 1)).containsExactly("my router keeps dropping the connection");

        liveAgent.endChat("e2e-1");
        chat.expect("system: The agent has ended the chat. You are back with the bot.")
                .type("thanks").expect("bot: You're welcome!");
        assertThat(chat.end()).isZero();
    }

    @Test
    void aDeadLiveAgentServerGivesTheUserAMessageAndTheConversationBackToTheBot() throws Exception {
        int port = TestLiveAgentServer.freePort(); // nothing listens there
        var chat = new Chat("--live-agent", "http://127.0.0.1:" + port, "--conversation-id", "e2e-2");
        chat.type("agent").expect("bot: Would you like to chat with one of our agents?")
                .expect("  1) Sales").expect("  2) Technical support").expect("  3) Continue with the bot")
                .type("Sales").expectStartingWith("bot: Before I connect you")
                .type("Lerato").expectStartingWith("bot: What email")
                .type("0825550101").expectStartingWith("bot: Connecting you")
                .expect("system: Sorry, no agent could be reached right now. You are back with the bot.")
                .type("hi").expectStartingWith("bot: Hello!");
        assertThat(chat.end()).isZero();
    }

    @Test
    void validateReportsEveryProblemAndExitsWithOne() throws Exception {
        Path broken = Files.createTempFile("broken", ".yaml");
        Files.writeString(broken, "id: x\nlanguages: [en]\nstreams:\n  a:\n    stpes: []\n");
        Process validate = new ProcessBuilder(javaBin(), "-jar", JAR.toString(), "validate", broken.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(validate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(validate.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(validate.exitValue()).isEqualTo(1);
        assertThat(output).contains(broken + ":5:5: unknown key 'stpes' in stream 'a' (known: steps, trigger)")
                .contains("1 error, 0 warnings in 1 file");
        Files.delete(broken);
    }
}
