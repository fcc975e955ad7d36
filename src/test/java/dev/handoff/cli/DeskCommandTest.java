package dev.handoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestAgent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code handoff desk} with its options, run in-process. */
class DeskCommandTest {
    @TempDir
    Path data;

    @Test
    void theDeskCommandServesTheBundledDemoAgentsOnTheGivenPortAndDataDirectory() throws Exception {
        int port = Sockets.freePort();
        Thread[] runner = new Thread[1];
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            runner[0] = Thread.currentThread();
            return new CommandLine(new DeskCommand())
                    .execute("--port", String.valueOf(port), "--data", data.toString());
        });
        TestAgent thandi = null;
        for (int attempt = 0; attempt < 100 && thandi == null; attempt++) {
            TestAgent a = TestAgent.connect("http://127.0.0.1:" + port, "thandi", "demo-thandi-token");
            try {
                a.events.await(AgentEvents.SIGNED_IN, x -> true, java.time.Duration.ofMillis(300));
                thandi = a;
            } catch (AssertionError notYet) {
                a.close();
            }
        }
        assertThat(thandi).as("desk answered on port %d", port).isNotNull();
        try {
            thandi.emit(AgentEvents.GET_QUEUE);
            JSONObject queue = (JSONObject) thandi.events.await(AgentEvents.QUEUE);
            assertThat(queue.getJSONArray("waiting").length()).isZero();
            assertThat(Files.exists(data.resolve("desk.mv.db"))).isTrue();
        } finally {
            thandi.close();
            runner[0].interrupt();
        }
        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aBrokenConfigIsReportedWithWhereAndWhy() throws Exception {
        Path config = data.resolve("desk.yaml");
        Files.writeString(config, "departments: [sales]\nagents:\n  - {name: ann, token: t, departments: [billing]}\n");
        StringWriter err = new StringWriter();
        java.io.PrintStream previous = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            int code = new CommandLine(new DeskCommand())
                    .setErr(new PrintWriter(err))
                    .execute("--config", config.toString());
            assertThat(code).isEqualTo(2);
        } finally {
            System.setErr(previous);
        }
        assertThat(captured.toString())
                .contains(config
                        + ":3:41: [unknown-department] agents[0] 'ann': 'billing' is not a department (known: sales)")
                .contains("1 error");
    }
}
