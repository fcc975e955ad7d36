package dev.handoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.liveagent.TestLiveAgentServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job as a person runs it: {@code handoff demo} in one terminal (desk + chat with the demo
 * bot), {@code handoff agent} in another, both the packaged jar.
 */
class DemoCommandIT {

    @Test
    void aUserOfTheDemoIsHandedToAnAgentInAnotherTerminalAndBackToTheBot(@TempDir Path data) throws Exception {
        int port = TestLiveAgentServer.freePort();
        String desk = "http://127.0.0.1:" + port;
        int chatPort = TestLiveAgentServer.freePort();
        try (var user = new Terminal(
                        "demo",
                        "--port",
                        String.valueOf(port),
                        "--chat-port",
                        String.valueOf(chatPort),
                        "--data",
                        data.toString());
                var agent = new AgentSession(desk)) {
            user.expectStartingWith("system: The live-agent desk is running at " + desk)
                    .expectStartingWith(
                            "system: The users' web chat with the demo bot is at http://127.0.0.1:" + chatPort + "/ ")
                    .expect("system: The agents' console is at " + desk + "/ (open it in a browser and sign in).")
                    .expect("system: Demo agent thandi (sales) signs in with the password demo-thandi.")
                    .expect("system: Demo agent pieter (support, sales) signs in with the password demo-pieter.")
                    .expect(
                            "system: Agent thandi (sales) joins from another terminal with: java -jar target/handoff.jar agent"
                                    + " --name thandi --token demo-thandi-token --desk " + desk)
                    .expectStartingWith("system: Agent pieter")
                    .expectStartingWith("system: You are chatting with the demo bot.");
            var page = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(
                                            java.net.URI.create("http://127.0.0.1:" + chatPort + "/"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            org.assertj.core.api.Assertions.assertThat(page.statusCode())
                    .as("the users' web chat answers")
                    .isEqualTo(200);
            agent.start();

            user.type("hello")
                    .expectStartingWith("bot: Hello!")
                    .type("I want to talk to a human")
                    .expect("bot: Would you like to chat with one of our agents?")
                    .expect("  1) Sales")
                    .expect("  2) Technical support")
                    .expect("  3) Continue with the bot")
                    .type("Sales")
                    .expect("bot: Before I connect you, what is your name?")
                    .type("Naledi")
                    .expectStartingWith("bot: What email address")
                    .type("naledi@example.org")
                    .expectStartingWith("bot: Connecting you to an agent.")
                    // the desk reports its queue: thandi (sales) is signed in and joins at once
                    .expect("system: Thandi joined the chat.");

            agent.terminal.awaitLineContaining("assigned to you");
            agent.terminal.awaitLineContaining("I want to talk to a human"); // the bot history reached the agent
            agent.terminal.type("Sawubona Naledi, this is Thandi. How can I help?");
            user.expect("agent: Sawubona Naledi, this is Thandi. How can I help?");

            user.type("my parcel has not arrived");
            agent.terminal.awaitLineContaining("my parcel has not arrived");
            agent.terminal.type("/resolve");
            user.expect("system: The agent has ended the chat. You are back with the bot.")
                    // the demo bot asks for a rating (ask_rating), which the desk stores with the chat
                    .expect("bot: How would you rate your chat with the agent, from 1 (poor) to 5 (excellent)?")
                    .expect("  1) 1")
                    .expect("  2) 2")
                    .expect("  3) 3")
                    .expect("  4) 4")
                    .expect("  5) 5")
                    .type("5")
                    .expect("bot: Thank you. Would you like to add a comment? Type it, or choose Skip.")
                    .expect("  1) Skip")
                    .type("Quick and kind")
                    .expect("bot: Thank you for your feedback!")
                    .type("thanks")
                    .expect("bot: You're welcome!");
            assertThat(user.end()).isZero();
            assertThat(agent.terminal.type("/quit").end()).isZero();
        }
        assertThat(Files.list(data)).isNotEmpty(); // the desk stored the chat
    }

    /** The agent's terminal, started once the desk is up. */
    private static final class AgentSession implements AutoCloseable {
        private final String desk;
        Terminal terminal;

        AgentSession(String desk) {
            this.desk = desk;
        }

        void start() throws Exception {
            terminal = new Terminal("agent", "--name", "thandi", "--token", "demo-thandi-token", "--desk", desk);
            terminal.awaitLineContaining("signed in as thandi");
        }

        @Override
        public void close() {
            if (terminal != null) {
                terminal.close();
            }
        }
    }
}
