package dev.handoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.liveagent.TestLiveAgentServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged command, run as a process: {@code java -jar target/handoff.jar chat}, typed to on
 * standard input, read on standard output, with a real Socket.IO server playing the live agent.
 */
class ChatCommandIT {
    private TestLiveAgentServer liveAgent;
    private Terminal terminal;

    @AfterEach
    void tearDown() {
        if (terminal != null) {
            terminal.close();
        }
        if (liveAgent != null) {
            liveAgent.close();
        }
    }

    private Terminal chat(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("chat"));
        all.addAll(List.of(args));
        terminal = new Terminal(all.toArray(String[]::new));
        return terminal;
    }

    @Test
    void aUserChatsWithTheDemoBotIsHandedToALiveAgentAndComesBack() throws Exception {
        liveAgent = TestLiveAgentServer.start();
        var chat = chat("--live-agent", liveAgent.url().toString(), "--conversation-id", "e2e-1");
        chat.type("hello")
                .expectStartingWith("bot: Hello! I can tell you our opening hours")
                .type("what are your opening hours")
                .expectStartingWith("bot: We are open Monday to Friday")
                .type("I want to talk to a human")
                .expect("bot: Would you like to chat with one of our agents?")
                .expect("  1) Sales")
                .expect("  2) Technical support")
                .expect("  3) Continue with the bot")
                .type("2")
                .expect("bot: Before I connect you, what is your name?")
                .type("Thandi Nkosi")
                .expect("bot: What email address or phone number can the agent reach you on?")
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
                .type("thanks")
                .expect("bot: You're welcome!");
        assertThat(chat.end()).isZero();
    }

    @Test
    void aDeadLiveAgentServerGivesTheUserAMessageAndTheConversationBackToTheBot() throws Exception {
        int port = TestLiveAgentServer.freePort(); // nothing listens there
        var chat = chat("--live-agent", "http://127.0.0.1:" + port, "--conversation-id", "e2e-2");
        chat.type("agent")
                .expect("bot: Would you like to chat with one of our agents?")
                .expect("  1) Sales")
                .expect("  2) Technical support")
                .expect("  3) Continue with the bot")
                .type("Sales")
                .expectStartingWith("bot: Before I connect you")
                .type("Lerato")
                .expectStartingWith("bot: What email")
                .type("0825550101")
                .expectStartingWith("bot: Connecting you")
                .expect("system: Sorry, no agent could be reached right now. You are back with the bot.")
                .type("hi")
                .expectStartingWith("bot: Hello!");
        assertThat(chat.end()).isZero();
    }

    @Test
    void liveAgentGivenOncePerUrlIsTriedInTurnSoADeadFirstUrlLeavesTheUserWithTheSecond() throws Exception {
        liveAgent = TestLiveAgentServer.start();
        int dead = TestLiveAgentServer.freePort(); // nothing listens there
        var chat = chat(
                "--live-agent",
                "http://127.0.0.1:" + dead,
                "--live-agent",
                liveAgent.url().toString(),
                "--conversation-id",
                "e2e-3");
        chat.type("agent")
                .expect("bot: Would you like to chat with one of our agents?")
                .expect("  1) Sales")
                .expect("  2) Technical support")
                .expect("  3) Continue with the bot")
                .type("Sales")
                .expectStartingWith("bot: Before I connect you")
                .type("Lerato")
                .expectStartingWith("bot: What email")
                .type("0825550101")
                .expectStartingWith("bot: Connecting you");
        liveAgent.awaitConversation("e2e-3");
        chat.expect("system: You are now chatting with a live agent.").type("are you there?");
        assertThat(liveAgent.awaitFromUser("e2e-3", 1)).containsExactly("are you there?");
        assertThat(chat.end()).isZero();
    }

    @Test
    void validateReportsEveryProblemAndExitsWithOne() throws Exception {
        Path broken = Files.createTempFile("broken", ".yaml");
        Files.writeString(broken, "id: x\nlanguages: [en]\nstreams:\n  a:\n    stpes: []\n");
        Process validate = new ProcessBuilder(
                        Terminal.javaBin(), "-jar", Terminal.JAR.toString(), "validate", broken.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String output = new String(validate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(validate.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(validate.exitValue()).isEqualTo(1);
        assertThat(output)
                .contains(broken + ":5:5: [unknown-key] unknown key 'stpes' in stream 'a' (known: steps, trigger)")
                .contains("1 error, 0 warnings in 1 file");
        Files.delete(broken);
    }
}
