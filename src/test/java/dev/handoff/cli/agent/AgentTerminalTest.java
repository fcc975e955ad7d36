package dev.handoff.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.DeskConfigs;
import dev.handoff.desk.support.Terminal;
import dev.handoff.desk.support.TestBot;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.protocol.LiveAgentEvents;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent terminal client against a real desk: sign in, queue, take, reply, transfer, resolve. */
class AgentTerminalTest {
    @TempDir
    Path data;

    DeskService desk;

    @AfterEach
    void stop() {
        if (desk != null) desk.stop();
    }

    CompletableFuture<Integer> run(DeskConfig config, Terminal terminal, String name, String token) {
        AgentTerminal client =
                new AgentTerminal(URI.create(TestDesks.url(config)), name, token, terminal.in, terminal.out);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return client.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void anAgentTakesAChatFromTheQueueRepliesAndResolvesFromTheTerminal() throws Exception {
        DeskConfig config = DeskConfigs.withAutoAssign(TestDesks.config(data), false);
        desk = TestDesks.start(config);
        Terminal terminal = new Terminal();
        CompletableFuture<Integer> exit = run(config, terminal, "ann", "ann-token");
        terminal.awaitLine("signed in as ann (online, departments: sales, up to 2 chats)");

        try (TestBot bot = TestBot.connect(
                TestDesks.url(config),
                "term-1",
                Map.of("department", "sales", "language", "zu", "contact", Map.of("name", "Lindiwe")),
                List.<String[]>of(new String[] {"user", "I need a human"}))) {
            bot.events.await(LiveAgentEvents.MESSAGES);
            terminal.awaitLine("+ waiting:");
            terminal.type("/queue");
            assertThat(terminal.awaitLine("[1] ")).contains("sales, conversation term-1, language zu, Lindiwe");
            terminal.type("/take 1");
            terminal.awaitLine("assigned to you:");
            terminal.awaitLine("(before handoff) user: I need a human");

            terminal.type("Sawubona, I am Ann");
            assertThat(bot.nextToUser()).isEqualTo("Sawubona, I am Ann");
            bot.say("Ngiyabonga");
            terminal.awaitLine("user: Ngiyabonga");

            terminal.type("/subject Delivery");
            terminal.awaitLine("subject 'Delivery'");
            terminal.type("/resolve");
            bot.events.await(LiveAgentEvents.DISCONNECT_SOCKET);
            terminal.awaitLine("archived (resolved)");
            terminal.type("/archive");
            terminal.awaitLine("resolved at");
        }
        terminal.type("/take");
        terminal.awaitLine("which chat?");
        terminal.type("/fly");
        terminal.awaitLine("unknown command /fly");
        terminal.type("/quit");
        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        terminal.awaitLine("signed out");
    }

    @Test
    void anAgentTransfersTheCurrentChatToAnotherDepartment() throws Exception {
        DeskConfig config = TestDesks.config(data);
        desk = TestDesks.start(config);
        Terminal ann = new Terminal();
        Terminal bob = new Terminal();
        CompletableFuture<Integer> annExit = run(config, ann, "ann", "ann-token");
        CompletableFuture<Integer> bobExit = run(config, bob, "bob", "bob-token");
        ann.awaitLine("signed in as ann");
        bob.awaitLine("signed in as bob");
        try (TestBot bot =
                TestBot.connect(TestDesks.url(config), "term-2", Map.of("department", "sales"), List.<String[]>of())) {
            ann.awaitLine("assigned to you:");
            ann.type("/transfer support");
            ann.awaitLine("no longer yours (transferred)");
            bob.awaitLine("assigned to you:");
            bob.type("Support here");
            assertThat(bot.nextToUser()).isEqualTo("Support here");
        }
        ann.close();
        bob.type("/quit");
        assertThat(annExit.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(bobExit.get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aWrongTokenEndsTheTerminalWithExitCode2() throws Exception {
        DeskConfig config = TestDesks.config(data);
        desk = TestDesks.start(config);
        Terminal terminal = new Terminal();
        assertThat(run(config, terminal, "ann", "not-ann").get(60, TimeUnit.SECONDS))
                .isEqualTo(2);
        terminal.awaitLine("refused: the desk does not accept this token");
    }
}
