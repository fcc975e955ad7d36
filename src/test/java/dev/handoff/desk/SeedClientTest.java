package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestDesks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's own JavaScript client (socket.io-client 3.1.3 under the machine's Node) through a whole
 * live chat against the desk. Runs {@code npm ci} in src/test/js when node_modules is missing.
 */
class SeedClientTest {
    static final Path JS = Path.of("src/test/js").toAbsolutePath();

    @TempDir
    Path data;

    @Test
    void theSeedsJavaScriptSnippetChatsWithAnAgentUntilResolved() throws Exception {
        ensureNodeModules();
        DeskConfig config = TestDesks.config(data);
        DeskService desk = TestDesks.start(config);
        Process node = null;
        try (TestAgent ann = TestAgent.signIn(TestDesks.url(config), "ann", "ann-token")) {
            node = new ProcessBuilder("node", "seed-client.js", TestDesks.url(config), "seed-conv-1", "seed-bot")
                    .directory(JS.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            List<JSONObject> lines = new CopyOnWriteArrayList<>();
            Process running = node;
            Thread reader = new Thread(() -> {
                try (BufferedReader r =
                        new BufferedReader(new InputStreamReader(running.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) lines.add(new JSONObject(line));
                } catch (IOException | org.json.JSONException e) {
                    throw new IllegalStateException(e);
                }
            });
            reader.start();

            String chatId = ann.nextAssigned();
            JSONObject history = (JSONObject) ann.events.await(
                    AgentEvents.CHAT,
                    v -> ((JSONObject) v).optJSONArray("messages").length() == 2);
            JSONArray messages = history.getJSONArray("messages");
            assertThat(messages.getJSONObject(0).getString("text")).isEqualTo("Can I speak to a person?");
            assertThat(messages.getJSONObject(1).getString("sender")).isEqualTo("bot");
            assertThat(history.getJSONObject("chat").getString("botId")).isEqualTo("seed-bot");

            ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "Hello from the desk");
            JSONObject reply = (JSONObject) ann.events.await(
                    AgentEvents.MESSAGE,
                    m -> ((JSONObject) m).optString("sender").equals("user"));
            assertThat(reply.getString("text")).isEqualTo("Thanks, from the seed client");

            ann.emit(AgentEvents.RESOLVE, "chatId", chatId);
            assertThat(node.waitFor(60, TimeUnit.SECONDS))
                    .as("node exits after disconnect_socket")
                    .isTrue();
            reader.join(10_000);
            assertThat(node.exitValue()).as("node exit code; output: %s", lines).isZero();
            assertThat(lines.stream().map(l -> l.optString("event")).toList())
                    .containsSubsequence(
                            "startConversation", "messages", "to_user", "disconnect_socket", "disconnected");
            assertThat(lines.stream()
                            .filter(l -> l.optString("event").equals("to_user"))
                            .findFirst()
                            .orElseThrow()
                            .getString("message"))
                    .isEqualTo("Hello from the desk");
        } finally {
            if (node != null) node.destroyForcibly();
            desk.stop();
        }
    }

    static void ensureNodeModules() throws Exception {
        if (Files.isDirectory(JS.resolve("node_modules/socket.io-client"))) return;
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(JS.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .start();
        assertThat(npm.waitFor(5, TimeUnit.MINUTES)).as("npm ci finishes").isTrue();
        assertThat(npm.exitValue()).as("npm ci in %s", JS).isZero();
    }
}
