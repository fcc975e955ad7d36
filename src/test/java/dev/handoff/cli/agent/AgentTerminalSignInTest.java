package dev.handoff.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.Terminal;
import dev.handoff.desk.support.TestDesks;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The terminal says why the desk refused to sign it in, and stops at once. */
class AgentTerminalSignInTest {
    @TempDir
    Path data;

    @Test
    void afterTooManyWrongTokensTheTerminalSaysHowLongToWait() throws Exception {
        DeskConfig config = TestDesks.config(data);
        DeskService desk = TestDesks.start(config);
        try {
            for (int i = 0; i < config.security().limits().signInFailures(); i++) {
                Terminal terminal = new Terminal();
                assertThat(run(config, terminal, "ann-typo-" + i)).isEqualTo(2);
                terminal.awaitLine("refused: the desk does not accept this token");
            }
            Terminal terminal = new Terminal();
            assertThat(run(config, terminal, "ann-token")).isEqualTo(2);
            assertThat(terminal.awaitLine("refused: "))
                    .matches("refused: too many failed sign-ins from this address; try again in \\d+ s");
        } finally {
            desk.stop();
        }
    }

    static int run(DeskConfig config, Terminal terminal, String token) throws Exception {
        return new AgentTerminal(URI.create(TestDesks.url(config)), "ann", token, terminal.in, terminal.out).run();
    }
}
