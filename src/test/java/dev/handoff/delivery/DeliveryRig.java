package dev.handoff.delivery;

import com.google.inject.util.Modules;
import dev.handoff.HandoffRuntime;
import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.dialogue.Bot;
import dev.handoff.dialogue.Conversation;
import dev.handoff.dialogue.Reply;
import dev.handoff.dialogue.TestRuntime;
import dev.handoff.humanhandoff.Handoff;
import dev.handoff.humanhandoff.HandoffState;
import dev.handoff.liveagent.socketio.SocketIoLiveAgentClient;
import dev.handoff.liveagent.socketio.SocketIoSettings;
import dev.handoff.testing.FaultProxy;
import io.socket.client.Socket;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * The whole path under faults: the real bot bridge (dialogue manager, human_handoff preset, Socket.IO
 * client) → a {@link FaultProxy} → the real desk ← an agent on the real agent interface. The user and
 * the agent each send numbered messages; the rig counts, at each receiver, what arrived once, twice,
 * never, or out of order. The agent side reads like a real console: it keeps each chat's messages by
 * {@code seq} (so a re-sync shows each message once) and counts a text seen under two seqs as a
 * duplicate.
 */
public final class DeliveryRig implements AutoCloseable {
    static final String BOT =
            """
            id: delivery-bot
            languages: [en]
            presets:
              human_handoff:
                live_agent_url: %s
                collect_contact: false
                connect_timeout_seconds: 60
                reconnect_timeout_seconds: 300
                departments:
                  - id: sales
                    label: {en: Sales}
            intents:
              greet: {en: [hi]}
            responses:
              hello: {en: Hello!}
            streams:
              greeting: {trigger: greet, steps: [{say: hello}]}
            """;

    final DeskConfig config;
    DeskService desk;
    final FaultProxy proxy;
    final HandoffRuntime runtime;
    final String conversationId = "conv-" + System.nanoTime();
    final List<Reply> replies = new CopyOnWriteArrayList<>();
    private Conversation conversation;
    private Socket agent;
    private final AtomicReference<String> chatId = new AtomicReference<>();
    /** chat seq → user text, as the agent's console holds it. */
    private final Map<Integer, String> agentSees = new TreeMap<>();
    /** when each text first reached its receiver (System.nanoTime). */
    final Map<String, Long> arrivedAt = new java.util.concurrent.ConcurrentHashMap<>();
    /** the agent's own messages the desk echoed (confirmed sent). */
    private final List<String> agentConfirmed = new CopyOnWriteArrayList<>();

    DeliveryRig(DeskConfig config) throws IOException {
        this(config, true);
    }

    /** {@code delivery} false: the bridge speaks plain PROTOCOL.md (the baseline acknowledgements cost against). */
    DeliveryRig(DeskConfig config, boolean delivery) throws IOException {
        this.config = config;
        this.desk = TestDesks.start(config);
        this.proxy = FaultProxy.to("127.0.0.1", config.port());
        SocketIoLiveAgentClient client = new SocketIoLiveAgentClient(SocketIoSettings.defaults()
                .withReconnectionDelays(Duration.ofMillis(100), Duration.ofMillis(500))
                .withDelivery(delivery));
        this.runtime = TestRuntime.with(client, Modules.EMPTY_MODULE);
    }

    /** The agent signs in (reconnecting by itself), the user asks for an agent and is connected. */
    void handOff() {
        signInAgent();
        Bot bot = runtime.bot(runtime.botLoader().loadOrThrow("delivery-bot.yaml", BOT.formatted(proxy.url())));
        conversation = runtime.conversations().open(conversationId, bot, "en", (id, reply) -> {
            replies.add(reply);
            if (reply instanceof Reply.AgentText t) arrivedAt.putIfAbsent(t.text(), System.nanoTime());
        });
        runtime.conversations().send(conversationId, "I want to talk to a human");
        runtime.conversations().send(conversationId, "Sales");
        await(
                "the handoff to connect",
                Duration.ofSeconds(30),
                () -> runtime.conversations().route(conversationId).name().equals("LIVE_AGENT")
                        && replies.stream()
                                .anyMatch(r -> r instanceof Reply.SystemNotice n
                                        && (n.text().contains("now chatting") // a desk without notices
                                                || (n.progress() != null
                                                        && !n.progress().waiting()))));
        await("the chat to be assigned", Duration.ofSeconds(30), () -> chatId.get() != null);
    }

    void signInAgent() {
        agent = Sockets.socket(TestDesks.url(config) + AgentEvents.NAMESPACE, Map.of("token", "ann-token"), true);
        for (String event : List.of(AgentEvents.ASSIGNED, AgentEvents.CHAT, "chat_sync")) {
            agent.on(event, args -> view((JSONObject) args[0]));
        }
        agent.on(AgentEvents.MESSAGE, args -> message((JSONObject) args[0]));
        agent.on(AgentEvents.QUEUE, args -> {
            try {
                JSONArray mine = ((JSONObject) args[0]).getJSONArray("mine");
                for (int i = 0; i < mine.length(); i++)
                    chatId.compareAndSet(null, mine.getJSONObject(i).getString("chatId"));
            } catch (JSONException e) {
                throw new IllegalStateException(e);
            }
        });
        agent.connect();
    }

    void signOutAgent() {
        agent.disconnect();
        agent.close();
    }

    private void view(JSONObject view) {
        try {
            chatId.compareAndSet(null, view.getJSONObject("chat").getString("chatId"));
            JSONArray messages = view.getJSONArray("messages");
            for (int i = 0; i < messages.length(); i++) message(messages.getJSONObject(i));
        } catch (JSONException e) {
            throw new IllegalStateException(e);
        }
    }

    private void message(JSONObject m) {
        try {
            if (m.optBoolean("history")) return;
            String sender = m.getString("sender");
            String text = m.getString("text");
            synchronized (agentSees) {
                if ("user".equals(sender)) {
                    agentSees.put(m.getInt("seq"), text);
                    arrivedAt.putIfAbsent(text, System.nanoTime());
                }
            }
            if ("agent".equals(sender)) agentConfirmed.add(text);
        } catch (JSONException e) {
            throw new IllegalStateException(e);
        }
    }

    void userSays(String text) {
        runtime.conversations().send(conversationId, text);
    }

    /** Sends as the agent and waits for the desk's echo, as an agent watching their message appear. */
    void agentSays(String text, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (agent.connected()) {
                agent.emit(AgentEvents.SEND, json("chatId", chatId.get(), "text", text));
                long wait = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                while (System.nanoTime() < wait) {
                    if (agentConfirmed.contains(text)) return;
                    sleep(5);
                }
            } else {
                sleep(20);
            }
            if (agentConfirmed.contains(text)) return;
        }
        throw new AssertionError("the desk never echoed the agent's message " + text);
    }

    void restartDesk() {
        desk.stop();
        desk = TestDesks.start(config);
    }

    /** The user was told the connection dropped and is being re-established. */
    boolean reconnecting() {
        return replies.stream()
                .anyMatch(r -> r instanceof Reply.SystemNotice n && n.text().contains("Reconnecting"));
    }

    /** What the user got from the agent, in order of arrival. */
    List<String> userReceived() {
        List<String> out = new ArrayList<>();
        for (Reply r : replies) if (r instanceof Reply.AgentText t) out.add(t.text());
        return out;
    }

    /** What the agent's console shows from the user, in chat order. */
    List<String> agentReceived() {
        synchronized (agentSees) {
            return List.copyOf(agentSees.values());
        }
    }

    HandoffState handoffState() {
        return Handoff.stateOf(conversation);
    }

    /** Counts for one direction: every sent text is numbered, {@code prefix-N}. */
    public record Tally(int sent, int deliveredOnce, int lost, int duplicated, int outOfOrder) {
        static Tally of(List<String> sent, List<String> received) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String r : received) counts.merge(r, 1, Integer::sum);
            int once = 0, lost = 0, dup = 0;
            for (String s : sent) {
                int n = counts.getOrDefault(s, 0);
                if (n == 0) lost++;
                else {
                    once++;
                    if (n > 1) dup += n - 1;
                }
            }
            int outOfOrder = 0, last = -1;
            for (String r : received) {
                int index = sent.indexOf(r);
                if (index < last) outOfOrder++;
                last = Math.max(last, index);
            }
            return new Tally(sent.size(), once, lost, dup, outOfOrder);
        }

        public boolean perfect() {
            return lost == 0 && duplicated == 0 && outOfOrder == 0 && deliveredOnce == sent;
        }
    }

    static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            sleep(20);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static JSONObject json(Object... kv) {
        JSONObject o = new JSONObject();
        try {
            for (int i = 0; i < kv.length; i += 2) o.put((String) kv[i], kv[i + 1]);
        } catch (JSONException e) {
            throw new IllegalStateException(e);
        }
        return o;
    }

    @Override
    public void close() {
        runtime.close();
        if (agent != null) signOutAgent();
        proxy.close();
        desk.stop();
    }
}
