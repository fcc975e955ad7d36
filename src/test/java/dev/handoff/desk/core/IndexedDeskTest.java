package dev.handoff.desk.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.ChatSummary;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.store.InMemoryChatStore;
import dev.handoff.desk.support.MutableClock;
import dev.handoff.desk.support.RecordingOutbox;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The desk keeps its queues, its agents' chats, its gauges, its notices and its timers in indexes updated at each
 * change (so no event walks every open chat). Random sequences of opens, assigns, takes, transfers, releases,
 * disconnects, reconnects, agents coming and going and timers, checked after every step against what a computation
 * from scratch over every chat's own state gives: the queue's order, each agent's chats, the counts, the gauges, each
 * bot's last notice, and that no chat is left past its idle or disconnect deadline.
 */
class IndexedDeskTest {
    static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");
    static final List<String> AGENTS = List.of("ann", "bob", "cara", "dan");
    static final List<String> DEPARTMENTS = List.of("sales", "support", "billing");
    static final String YAML =
            """
            host: 127.0.0.1
            departments: [sales, support, billing]
            autoAssign: AUTO
            maxMessageSize: 200
            sla: 20s
            idleArchive: 90s
            disconnectGrace: 5s
            tick: 1s
            autoReply:
              every: 7s
              texts:
                en: "Please wait."
            agents:
              - {name: ann, token: ann-token, departments: [sales], maxChats: 3, language: en}
              - {name: bob, token: bob-token, departments: [support, billing], maxChats: 2, language: en}
              - {name: cara, token: cara-token, departments: [], maxChats: 2, language: en, displayName: Cara}
              - {name: dan, token: dan-token, departments: [billing], maxChats: 1, language: en}
            """;

    final MutableClock clock = new MutableClock(T0);
    final RecordingOutbox outbox = new RecordingOutbox();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final AtomicInteger ids = new AtomicInteger();
    HelpDesk desk;
    Random random;

    /** What the test knows of each chat it opened, in the order it opened them. */
    final Map<String, Known> chats = new LinkedHashMap<>();

    final Map<String, Integer> connections = new HashMap<>();
    final Set<String> away = new HashSet<>();
    final Map<String, Instant> offlineSince = new HashMap<>();
    /** Per chat: the index in the outbox of the last notice sent to it, and what it said. */
    final Map<String, Integer> lastNoticeAt = new HashMap<>();

    final Map<String, String> lastNotice = new HashMap<>();
    int seen;

    static final class Known {
        final String id;
        final String conversation;
        final boolean notices;
        final int opened;
        boolean connected = true;
        Instant goneAt;
        /** The outbox's size when the bot last (re)connected: a notice must follow. */
        int connectedAt;

        boolean archived;

        Known(String id, String conversation, boolean notices, int opened, int connectedAt) {
            this.id = id;
            this.conversation = conversation;
            this.notices = notices;
            this.opened = opened;
            this.connectedAt = connectedAt;
        }
    }

    @ParameterizedTest(name = "seed {0}, autoAssign {1}")
    @CsvSource({"1, true", "2, false", "3, true", "4, false", "5, true", "6, true"})
    void the_indexes_agree_with_a_computation_from_scratch_after_every_step(long seed, boolean autoAssign) {
        DeskConfig config = DeskConfigLoader.parse(YAML.replace("AUTO", String.valueOf(autoAssign)), "test")
                .withDataDir(Path.of("unused"));
        desk = new HelpDesk(
                config,
                new InMemoryChatStore(),
                clock,
                outbox,
                () -> "chat-" + ids.incrementAndGet(),
                DeskTranslation.none(),
                registry);
        random = new Random(seed);
        for (String agent : AGENTS) offlineSince.put(agent, T0); // as the desk starts: every agent offline
        for (int step = 0; step < 800; step++) {
            step();
            check(step);
            if (random.nextInt(4) == 0) {
                clock.advance(Duration.ofMillis(1000 + random.nextInt(1500)));
                tick();
                check(step);
                checkNotices(step);
                checkTimers(step);
            }
        }
    }

    void step() {
        int op = random.nextInt(100);
        try {
            if (op < 22) open();
            else if (op < 30) connect(pick(AGENTS));
            else if (op < 36) disconnect(pick(AGENTS));
            else if (op < 42) status(pick(AGENTS), random.nextBoolean());
            else if (op < 54) take();
            else if (op < 62) transfer();
            else if (op < 72) resolve();
            else if (op < 80) userLeaves();
            else if (op < 88) userBack();
            else if (op < 94) message();
            else {
                clock.advance(Duration.ofMillis(random.nextInt(600)));
                tick();
            }
        } catch (DeskException refused) {
            // a refusal changes nothing; the checks say so
        }
    }

    // ---------------------------------------------------------------- the steps

    void open() {
        int n = chats.size();
        String conversation = "conv-" + n;
        boolean notices = random.nextInt(3) != 0;
        String department = random.nextInt(10) == 0 ? null : pick(DEPARTMENTS);
        int before = outbox.sent.size();
        String id = desk.openChat(
                        new OpenChat(
                                conversation,
                                "bot-" + random.nextInt(2),
                                department,
                                "en",
                                null,
                                false,
                                false,
                                null,
                                notices),
                        chatId -> {})
                .chatId();
        chats.put(id, new Known(id, conversation, notices, n, before));
    }

    void connect(String agent) {
        if (connections.merge(agent, 1, Integer::sum) == 1) away.remove(agent);
        offlineSince.remove(agent);
        desk.agentConnected(agent, view -> {});
    }

    void disconnect(String agent) {
        if (connections.getOrDefault(agent, 0) == 0) return;
        desk.agentDisconnected(agent);
        if (connections.merge(agent, -1, Integer::sum) == 0) offlineSince.put(agent, clock.instant());
    }

    void status(String agent, boolean isAway) {
        desk.setStatus(agent, isAway ? "away" : "online");
        if (isAway) away.add(agent);
        else away.remove(agent);
    }

    void take() {
        Known chat = pickOpen();
        if (chat != null) desk.take(pick(AGENTS), chat.id);
    }

    void transfer() {
        Known chat = pickOpen();
        if (chat == null) return;
        ChatSummary s = summary(chat);
        if (s.agent() == null) return;
        if (random.nextBoolean()) desk.transfer(s.agent(), chat.id, pick(AGENTS), null);
        else desk.transfer(s.agent(), chat.id, null, pick(DEPARTMENTS));
    }

    void resolve() {
        Known chat = pickOpen();
        if (chat == null) return;
        ChatSummary s = summary(chat);
        if (s.agent() != null) desk.resolve(s.agent(), chat.id);
    }

    void userLeaves() {
        Known chat = pickOpen();
        if (chat == null || !chat.connected) return;
        desk.userDisconnected(chat.id);
        chat.connected = false;
        chat.goneAt = clock.instant();
    }

    void userBack() {
        Known chat = pickOpen();
        if (chat == null || chat.connected) return;
        int before = outbox.sent.size();
        desk.openChat(
                new OpenChat(
                        chat.conversation, summary(chat).botId(), null, null, null, false, false, null, chat.notices),
                chatId -> {});
        chat.connected = true;
        chat.goneAt = null;
        chat.connectedAt = before;
    }

    void message() {
        Known chat = pickOpen();
        if (chat != null) desk.userMessage(chat.id, null, "hello");
    }

    void tick() {
        desk.tick();
    }

    // ---------------------------------------------------------------- the truth, from scratch

    /** Every open chat's summary, read from the desk chat by chat, in the order they were opened. */
    List<ChatSummary> openSummaries() {
        List<ChatSummary> open = new ArrayList<>();
        for (Known chat : chats.values()) {
            if (chat.archived) continue;
            ChatSummary s = summary(chat);
            if (s.status().equals("archived")) chat.archived = true;
            else open.add(s);
        }
        return open;
    }

    ChatSummary summary(Known chat) {
        // cara serves every department: she may read every chat, open or archived
        return chat.archived
                ? desk.archivedChat("cara", chat.id).chat()
                : desk.read("cara", chat.id).chat();
    }

    Known pickOpen() {
        List<Known> open = chats.values().stream().filter(c -> !c.archived).toList();
        return open.isEmpty() ? null : open.get(random.nextInt(open.size()));
    }

    <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    void check(int step) {
        List<ChatSummary> open = openSummaries();
        String at = "after step " + step;
        Comparator<ChatSummary> order = Comparator.comparing((ChatSummary s) -> Instant.parse(s.queuedAt()))
                .thenComparing(s -> Instant.parse(s.createdAt()))
                .thenComparing(s -> chats.get(s.chatId()).opened);
        List<ChatSummary> queued = open.stream()
                .filter(s -> s.status().equals("queued"))
                .sorted(order)
                .toList();
        assertThat(ids(desk.queue("cara").waiting())).as("the queue " + at).isEqualTo(ids(queued));
        assertThat(ids(desk.queue("ann").waiting()))
                .as("ann's queue " + at)
                .isEqualTo(ids(queued.stream()
                        .filter(s -> s.department().equals("sales"))
                        .toList()));
        for (String agent : AGENTS) {
            assertThat(ids(desk.queue(agent).mine()))
                    .as(agent + "'s chats " + at)
                    .isEqualTo(ids(
                            open.stream().filter(s -> agent.equals(s.agent())).toList()));
        }
        assertThat(desk.counts()).as("counts " + at).isEqualTo(Map.of("queued", (long) queued.size(), "assigned", (long)
                (open.size() - queued.size())));
        for (String d : DEPARTMENTS) {
            List<ChatSummary> waiting =
                    queued.stream().filter(s -> s.department().equals(d)).toList();
            assertThat(registry.get("desk.queue.length")
                            .tags("department", d)
                            .gauge()
                            .value())
                    .as("queue length of " + d + " " + at)
                    .isEqualTo(waiting.size());
            double oldest = waiting.stream()
                    .mapToDouble(s -> Duration.between(Instant.parse(s.queuedAt()), clock.instant())
                            .toMillis())
                    .max()
                    .orElse(0);
            assertThat(registry.get("desk.queue.oldest.wait")
                            .tags("department", d)
                            .timeGauge()
                            .value(TimeUnit.MILLISECONDS))
                    .as("oldest wait in " + d + " " + at)
                    .isCloseTo(oldest, org.assertj.core.data.Offset.offset(0.01));
            for (String status : List.of("online", "away")) {
                long agents = AGENTS.stream()
                        .filter(a -> connections.getOrDefault(a, 0) > 0 && serves(a, d))
                        .filter(a -> away.contains(a) == status.equals("away"))
                        .count();
                assertThat(registry.get("desk.agents.connected")
                                .tags("department", d, "status", status)
                                .gauge()
                                .value())
                        .as(status + " agents of " + d + " " + at)
                        .isEqualTo(agents);
            }
        }
    }

    static boolean serves(String agent, String department) {
        return switch (agent) {
            case "ann" -> department.equals("sales");
            case "bob" -> !department.equals("sales");
            case "dan" -> department.equals("billing");
            default -> true;
        };
    }

    static List<String> ids(List<ChatSummary> chats) {
        return chats.stream().map(ChatSummary::chatId).toList();
    }

    /** Once a second has passed and the timers ran, every bot that wants notices knows where its chat stands. */
    void checkNotices(int step) {
        List<RecordingOutbox.Sent> sent = outbox.sent;
        for (; seen < sent.size(); seen++) {
            RecordingOutbox.Sent s = sent.get(seen);
            if (!s.event().equals("queue_position") && !s.event().equals("agent_joined")) continue;
            String chatId = s.to().substring("user:".length());
            assertThat(chats.get(chatId).notices)
                    .as("a notice to " + chatId + ", which did not ask for them")
                    .isTrue();
            lastNoticeAt.put(chatId, seen);
            lastNotice.put(chatId, s.event() + " " + s.payload());
        }
        List<ChatSummary> open = openSummaries();
        Map<String, Integer> places = new HashMap<>();
        Comparator<ChatSummary> order = Comparator.comparing((ChatSummary s) -> Instant.parse(s.queuedAt()))
                .thenComparing(s -> Instant.parse(s.createdAt()))
                .thenComparing(s -> chats.get(s.chatId()).opened);
        Map<String, String> expected = new HashMap<>();
        open.stream()
                .filter(s -> s.status().equals("queued"))
                .sorted(order)
                .forEach(s -> expected.put(
                        s.chatId(),
                        "queue_position " + places.merge(s.department(), 1, Integer::sum) + "@" + s.department()));
        for (ChatSummary s : open) {
            if (s.agent() != null)
                expected.put(s.chatId(), "agent_joined " + (s.agent().equals("cara") ? "Cara" : s.agent()));
        }
        for (ChatSummary s : open) {
            Known chat = chats.get(s.chatId());
            if (!chat.notices || !chat.connected) continue;
            assertThat(lastNotice.get(s.chatId()))
                    .as("the last notice to " + s.chatId() + " after step " + step)
                    .isEqualTo(expected.get(s.chatId()));
            assertThat(lastNoticeAt.get(s.chatId()))
                    .as("a notice to " + s.chatId() + " since it reconnected, after step " + step)
                    .isGreaterThanOrEqualTo(chat.connectedAt);
        }
    }

    /** After a tick, no open chat is past its idle or disconnect deadline, and no offline agent past its grace. */
    void checkTimers(int step) {
        Instant now = clock.instant();
        for (ChatSummary s : openSummaries()) {
            Known chat = chats.get(s.chatId());
            assertThat(Instant.parse(s.lastActivityAt()).plus(Duration.ofSeconds(90)))
                    .as("idle deadline of " + s.chatId() + " after step " + step)
                    .isAfter(now);
            if (!chat.connected)
                assertThat(chat.goneAt.plus(Duration.ofSeconds(5)))
                        .as("disconnect deadline of " + s.chatId() + " after step " + step)
                        .isAfter(now);
            if (s.agent() != null && offlineSince.containsKey(s.agent()))
                assertThat(offlineSince.get(s.agent()).plus(Duration.ofSeconds(5)))
                        .as("agent " + s.agent() + " of " + s.chatId() + " offline past the grace, after step " + step)
                        .isAfter(now);
        }
    }
}
