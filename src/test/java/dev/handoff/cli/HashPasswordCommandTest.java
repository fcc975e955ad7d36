package dev.handoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.config.PasswordHash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code handoff desk hash-password} without a terminal: the first line of standard input. */
class HashPasswordCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin) {
        HashPasswordCommand command = new HashPasswordCommand(
                null,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CommandLine(command).execute();
    }

    @Test
    void itPrintsOnlyABcryptHashOfTheFirstLineThatTheDeskAccepts() {
        assertThat(run("correct horse\nignored\n")).isZero();
        String hash = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(hash).startsWith("$2a$" + PasswordHash.COST + "$").doesNotContain("correct");
        assertThat(PasswordHash.parse(hash).orElseThrow().matches("correct horse".toCharArray()))
                .isTrue();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void anEmptyOrMissingPasswordIsRefusedWithStatusOne() {
        assertThat(run("\n")).isEqualTo(1);
        assertThat(run("")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("the password is empty")
                .contains("no password on standard input");
    }

    @Test
    void itIsASubcommandOfDesk() {
        CommandLine desk = new CommandLine(new DeskCommand());
        assertThat(desk.getSubcommands()).containsKey("hash-password");
    }
}
