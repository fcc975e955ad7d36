package dev.handoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code handoff serve}'s options that stop it before it listens. */
class ServeCommandTest {

    @Test
    void storeAndNoStoreTogetherAreRefusedWithStatusTwoBeforeAnythingStarts() {
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            status = Main.run("serve", "--store", "somewhere", "--no-store", "--port", "1");
        } finally {
            System.setErr(before);
        }
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--store and --no-store exclude each other");
    }

    @Test
    void aLiveAgentUrlGivenTwiceIsRefusedWithStatusTwoBeforeAnythingStarts() {
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            status = Main.run(
                    "serve",
                    "--live-agent",
                    "http://127.0.0.1:5005",
                    "--live-agent",
                    "http://127.0.0.1:5005/",
                    "--no-store",
                    "--port",
                    "1");
        } finally {
            System.setErr(before);
        }
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("handoff serve: --live-agent: [duplicate-id] live-agent URL 2 'http://127.0.0.1:5005/' is"
                        + " URL 1 again");
    }
}
