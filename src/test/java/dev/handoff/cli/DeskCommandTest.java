package dev.handoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.process.DeskChild;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestAgent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /** Runs a command in-process; its exit status and what it printed on standard error. */
    private record Run(int code, String err) {}

    private static Run run(Object command, String... args) {
        java.io.PrintStream previous = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            int code = new CommandLine(command).execute(args);
            return new Run(code, captured.toString());
        } finally {
            System.setErr(previous);
        }
    }

    @Test
    void aPortInUseIsOneLineWithTheFixAndANonZeroExitForDeskAndDemo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String port = String.valueOf(taken.getLocalPort());
            for (Object command : List.of(new DeskCommand(), new DemoCommand())) {
                Run run = run(command, "--port", port, "--data", data.toString());
                assertThat(run.code()).isEqualTo(1);
                assertThat(run.err())
                        .contains(": port 127.0.0.1:" + port
                                + " is in use; stop what listens there, or choose another port with --port N")
                        .doesNotContain("\tat ");
            }
        }
    }

    @Test
    void aDataDirectoryInUseByAnotherDeskIsOneLineWithTheFixAndANonZeroExit() throws Exception {
        Path shared = data.resolve("shared");
        DeskChild other = DeskChild.start(Sockets.freePort(), shared, data.resolve("other.log"));
        try {
            Run run = run(new DeskCommand(), "--port", String.valueOf(Sockets.freePort()), "--data", shared.toString());
            assertThat(run.code()).isEqualTo(1);
            assertThat(run.err())
                    .contains("is in use by another process; another desk runs on " + shared
                            + ": stop it, or choose another directory with --data DIR")
                    .doesNotContain("\tat ");
        } finally {
            other.terminate();
        }
    }

    @Test
    void anUnreachableDatabaseIsOneLineWithTheFixAndANonZeroExit() {
        Run run = run(
                new DeskCommand(),
                "--port",
                String.valueOf(Sockets.freePort()),
                "--db",
                "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=secret");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err())
                .contains(
                        "handoff desk: cannot reach database jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=***")
                .contains("; check that the database server runs")
                .doesNotContain("secret")
                .doesNotContain("\tat ");
    }

    @Test
    void aRedisFlagWithoutPostgresqlOrANodeFlagAloneIsOneLineWithAnExitOfTwoAndNoPassword() {
        Run noPostgres = run(
                new DeskCommand(),
                "--port",
                String.valueOf(Sockets.freePort()),
                "--data",
                data.toString(),
                "--redis",
                "redis://:s3cret@127.0.0.1:6379/0");
        assertThat(noPostgres.code()).isEqualTo(2);
        assertThat(noPostgres.err())
                .contains("handoff desk: cluster mode needs a PostgreSQL JDBC URL in 'db'")
                .doesNotContain("s3cret")
                .doesNotContain("\tat ");
        Run badUrl = run(
                new DeskCommand(),
                "--db",
                "jdbc:postgresql://127.0.0.1:1/test",
                "--redis",
                "http://:s3cret@127.0.0.1:6379/0");
        assertThat(badUrl.code()).isEqualTo(2);
        assertThat(badUrl.err())
                .contains("handoff desk: cluster.redis: 'http://***@127.0.0.1:6379/0' must start with redis://")
                .doesNotContain("s3cret");
        Run nodeAlone = run(new DeskCommand(), "--node", "n1");
        assertThat(nodeAlone.code()).isEqualTo(2);
        assertThat(nodeAlone.err())
                .contains("handoff desk: --node is for cluster mode: give --redis URL or 'cluster' in the config");
    }
}
