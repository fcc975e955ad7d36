package dev.handoff.liveagent.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.liveagent.HandoffRequest;
import dev.handoff.liveagent.LiveAgentFailure;
import dev.handoff.liveagent.LiveAgentSession;
import dev.handoff.liveagent.LiveAgentUrls;
import dev.handoff.liveagent.RecordingListener;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The live-agent client, on each implementation and each choice of transports (a websocket, long-polling, and
 * long-polling upgraded to a websocket), against Node's socket.io 4, the reference server (pinned in
 * src/test/socketio4-js/package-lock.json; {@code npm ci} runs there when node_modules is missing). The server is
 * src/test/socketio4-js/live-agent.js: it echoes every user message, drops the transport on "drop" and ends the
 * chat on "bye".
 */
class NodeSocketIo4ServerTest {
    private static final Path JS = Path.of("src/test/socketio4-js").toAbsolutePath();
    private static final Duration LONG = Duration.ofSeconds(60);

    private Process node;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private SocketIoLiveAgentClient client;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (node != null) {
            node.destroy();
            if (!node.waitFor(10, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("clients")
    void aConversationIsHandedOffEchoedAndEndedByTheAgent(
            SocketIoSettings.Implementation implementation, List<String> transports) throws Exception {
        URI url = startNode("plain");
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client(implementation, transports).open(request(url, null), listener);
        session.send("typed while connecting");
        listener.await("connected");
        session.send("hello");

        assertThat(listener.awaitAgentMessages(2)).containsExactly("echo: typed while connecting", "echo: hello");
        String last = transports.get(transports.size() - 1);
        if (transports.size() > 1) {
            awaitOutput("\"event\":\"upgrade\",\"transport\":\"" + last + "\"");
        }
        session.send("bye");
        listener.await("ended");
        assertThat(listener.calls()).first().isEqualTo("connected");
        assertThat(listener.calls()).last().isEqualTo("ended");
        List<String> usernames = received("username");
        List<String> transcripts = received("messages_to_client");
        awaitOutput("\"message\":\"bye\"");
        List<String> messages = received("from_user");
        assertThat(messages).hasSize(3);
        if (transports.size() == 1) {
            assertThat(messages).allMatch(line -> line.contains("\"transport\":\"" + last + "\""));
        } else {
            assertThat(messages.get(2)).as("bye").contains("\"transport\":\"" + last + "\"");
        }
        assertThat(usernames).hasSize(1);
        assertThat(usernames.get(0)).contains("\"ConversationID\":\"c1\"", "\"BotID\":\"bot-1\"");
        assertThat(transcripts).isNotEmpty();
        assertThat(transcripts.get(0)).contains("\"bot_id\":\"bot-1\"");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("clients")
    void withTheDeliveryAdditionADroppedConnectionComesBackAndTheChatGoesOn(
            SocketIoSettings.Implementation implementation, List<String> transports) throws Exception {
        URI url = startNode("delivery");
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client(implementation, transports).open(request(url, null), listener);
        listener.await("connected");

        session.send("drop");
        listener.await("reconnected");
        session.send("after the drop");

        assertThat(listener.awaitAgentMessages(1)).containsExactly("echo: after the drop");
        assertThat(listener.calls()).containsSubsequence("connected", "reconnecting", "reconnected");
        List<String> usernames = received("username");
        assertThat(usernames).as("username once per connection").hasSize(2);
        assertThat(usernames.get(1)).as("the second with the resume token").contains("\"resume\":\"token-c1\"");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("clients")
    void aRefusedKeyFailsTheHandoffWithTheServersCode(
            SocketIoSettings.Implementation implementation, List<String> transports) throws Exception {
        URI url = startNode("plain");
        RecordingListener listener = new RecordingListener();
        LiveAgentSession session = client(implementation, transports).open(request(url, "bad"), listener);
        session.send("never delivered");

        LiveAgentFailure failure = listener.awaitFailure();
        assertThat(failure.kind()).isEqualTo(LiveAgentFailure.Kind.REFUSED);
        assertThat(failure.detail()).contains("invalid key").contains("[invalid_key]");
        assertThat(listener.undelivered()).containsExactly("never delivered");
    }

    /** Waits (with a deadline) for the server to print a line containing {@code fragment}. */
    private void awaitOutput(String fragment) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (output.stream().noneMatch(line -> line.contains(fragment))) {
            assertThat(System.nanoTime()).as("'%s' in %s", fragment, output).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** The lines the server printed for an event it received, in order. */
    private List<String> received(String event) {
        String key = "\"event\":\"" + event + "\"";
        List<String> lines = new java.util.ArrayList<>();
        for (String line : output) {
            if (line.contains(key)) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Each implementation on a websocket, on long-polling, and on long-polling upgraded to a websocket. */
    static Stream<Arguments> clients() {
        List<List<String>> choices = List.of(
                List.of(SocketIoSettings.WEBSOCKET),
                List.of(SocketIoSettings.POLLING),
                List.of(SocketIoSettings.POLLING, SocketIoSettings.WEBSOCKET));
        return Stream.of(SocketIoSettings.Implementation.values()).flatMap(implementation -> choices.stream()
                .map(transports -> Arguments.of(implementation, transports)));
    }

    private SocketIoLiveAgentClient client(SocketIoSettings.Implementation implementation, List<String> transports) {
        client = new SocketIoLiveAgentClient(SocketIoSettings.defaults()
                .withImplementation(implementation)
                .withTransports(transports)
                .withReconnectionDelays(Duration.ofMillis(100), Duration.ofMillis(500)));
        return client;
    }

    private static HandoffRequest request(URI url, String key) {
        return new HandoffRequest(LiveAgentUrls.of(url), "c1", "bot-1", null, null, null, List.of(), LONG, LONG, key);
    }

    /** Starts the Node server and waits (with a deadline) for the port it prints. */
    private URI startNode(String mode) throws Exception {
        ensureNodeModules();
        node = new ProcessBuilder("node", "live-agent.js", mode)
                .directory(JS.toFile())
                .redirectErrorStream(true)
                .start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines =
                            new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = lines.readLine()) != null; ) {
                            output.add(line);
                            if (line.startsWith("PORT ")) {
                                port.complete(Integer.parseInt(line.substring(5).trim()));
                            }
                        }
                    } catch (Exception e) {
                        port.completeExceptionally(e);
                    }
                    port.completeExceptionally(new IllegalStateException("node exited: " + output));
                },
                "node-live-agent-output");
        reader.setDaemon(true);
        reader.start();
        return URI.create("http://127.0.0.1:" + port.get(60, TimeUnit.SECONDS));
    }

    private static void ensureNodeModules() throws Exception {
        if (Files.isDirectory(JS.resolve("node_modules/socket.io"))) return;
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(JS.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .start();
        assertThat(npm.waitFor(5, TimeUnit.MINUTES)).as("npm ci finishes").isTrue();
        assertThat(npm.exitValue()).as("npm ci in %s", JS).isZero();
    }
}
