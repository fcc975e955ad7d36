package dev.handoff.liveagent.bench;

import dev.handoff.liveagent.HandoffRequest;
import dev.handoff.liveagent.LiveAgentFailure;
import dev.handoff.liveagent.LiveAgentListener;
import dev.handoff.liveagent.LiveAgentSession;
import dev.handoff.liveagent.LiveAgentUrls;
import dev.handoff.liveagent.TestLiveAgentServer;
import dev.handoff.liveagent.socketio.SocketIoLiveAgentClient;
import dev.handoff.liveagent.socketio.SocketIoSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens N live-agent conversations at once against an in-process echoing live agent
 * ({@link TestLiveAgentServer}), then has each send M messages one after the other (the next when
 * the previous one's echo arrived). Reports connect times, round-trip latencies, threads and heap.
 *
 * <p>The conversations are opened in one burst, so connect times cluster: socket.io-client-java
 * runs every connection's handshake steps on its one event thread, step by step for all of them.
 *
 * <p>Not a test. Run after {@code mvn -o test-compile} with
 * {@code java -cp target/test-classes:target/classes:<dependency classpath> dev.handoff.liveagent.bench.ConcurrentConversationsBenchmark [N] [M]}
 * (the dependency classpath comes from {@code mvn dependency:build-classpath}). Defaults: N=500, M=5.
 */
public final class ConcurrentConversationsBenchmark {

    public static void main(String[] args) throws Exception {
        int conversations = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.printf(
                "%d conversations x %d messages, %d cores, Java %s%n",
                conversations, messages, Runtime.getRuntime().availableProcessors(), Runtime.version());

        try (TestLiveAgentServer server = TestLiveAgentServer.start(TestLiveAgentServer.freePort(), 2)
                        .echoUserMessages(true);
                SocketIoLiveAgentClient client = new SocketIoLiveAgentClient(SocketIoSettings.defaults())) {
            warmUp(server, client);
            long heapBefore = usedHeapAfterGc();
            int threadsBefore = Thread.activeCount();

            CountDownLatch connected = new CountDownLatch(conversations);
            CountDownLatch done = new CountDownLatch(conversations);
            AtomicInteger failures = new AtomicInteger();
            ConcurrentLinkedQueue<Long> connectNanos = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Long> roundTripNanos = new ConcurrentLinkedQueue<>();
            List<Conversation> all = new ArrayList<>();

            long start = System.nanoTime();
            for (int c = 0; c < conversations; c++) {
                Conversation conversation = new Conversation(
                        "bench-" + c, messages, connected, done, failures, connectNanos, roundTripNanos);
                all.add(conversation);
                conversation.session = client.open(
                        new HandoffRequest(
                                LiveAgentUrls.of(server.url()),
                                conversation.id,
                                "bench-bot",
                                null,
                                null,
                                null,
                                List.of(),
                                Duration.ofSeconds(120),
                                Duration.ofSeconds(60)),
                        conversation);
            }
            boolean allConnected = connected.await(180, TimeUnit.SECONDS);
            long connectedAt = System.nanoTime();
            Map<String, Integer> threadsAtPeak = threadsByKind();
            int threadsPeak = Thread.activeCount();
            long heapPeak = usedHeapAfterGc();

            all.forEach(Conversation::next);
            boolean allDone = done.await(180, TimeUnit.SECONDS);
            long doneAt = System.nanoTime();

            System.out.printf(
                    "connected: %d/%d in %.2f s%n",
                    conversations - connected.getCount(), conversations, (connectedAt - start) / 1e9);
            System.out.println("connect time (open -> onConnected): " + percentiles(connectNanos));
            System.out.printf(
                    "round trips: %d in %.2f s (%.0f msg/s)%n",
                    roundTripNanos.size(),
                    (doneAt - connectedAt) / 1e9,
                    roundTripNanos.size() / ((doneAt - connectedAt) / 1e9));
            System.out.println("round trip (send -> onAgentMessage): " + percentiles(roundTripNanos));
            System.out.printf(
                    "threads: %d before, %d with every conversation open (+%d, %.2f per conversation)%n",
                    threadsBefore,
                    threadsPeak,
                    threadsPeak - threadsBefore,
                    (threadsPeak - threadsBefore) / (double) conversations);
            System.out.println("threads by kind at peak: " + threadsByKindText(threadsAtPeak));
            System.out.printf(
                    "heap used after GC: %.1f MB before, %.1f MB with every conversation open (%.1f KB per conversation, client and server)%n",
                    heapBefore / 1e6, heapPeak / 1e6, (heapPeak - heapBefore) / 1e3 / conversations);
            System.out.printf("failures: %d; all connected: %s; all done: %s%n", failures.get(), allConnected, allDone);
            if (!allConnected || !allDone || failures.get() > 0) {
                System.exit(1);
            }
        }
    }

    private static void warmUp(TestLiveAgentServer server, SocketIoLiveAgentClient client) throws InterruptedException {
        CountDownLatch ended = new CountDownLatch(1);
        LiveAgentSession session = client.open(
                new HandoffRequest(
                        LiveAgentUrls.of(server.url()),
                        "warm-up",
                        "bench-bot",
                        null,
                        null,
                        null,
                        List.of(),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(30)),
                new LiveAgentListener() {
                    @Override
                    public void onConnected() {}

                    @Override
                    public void onAgentMessage(String text) {
                        ended.countDown();
                    }

                    @Override
                    public void onEnded() {}

                    @Override
                    public void onFailed(LiveAgentFailure failure, List<String> undelivered) {
                        ended.countDown();
                    }
                });
        session.send("warm up");
        ended.await(30, TimeUnit.SECONDS);
        session.close();
    }

    private static final class Conversation implements LiveAgentListener {
        final String id;
        final int messages;
        final CountDownLatch connected;
        final CountDownLatch done;
        final AtomicInteger failures;
        final ConcurrentLinkedQueue<Long> connectNanos;
        final ConcurrentLinkedQueue<Long> roundTripNanos;
        final long openedAt = System.nanoTime();
        volatile LiveAgentSession session;
        int sent; // listener calls are serial per session
        long sentAt;

        Conversation(
                String id,
                int messages,
                CountDownLatch connected,
                CountDownLatch done,
                AtomicInteger failures,
                ConcurrentLinkedQueue<Long> connectNanos,
                ConcurrentLinkedQueue<Long> roundTripNanos) {
            this.id = id;
            this.messages = messages;
            this.connected = connected;
            this.done = done;
            this.failures = failures;
            this.connectNanos = connectNanos;
            this.roundTripNanos = roundTripNanos;
        }

        synchronized void next() {
            if (sent == messages) {
                done.countDown();
                return;
            }
            sent++;
            sentAt = System.nanoTime();
            session.send(id + " message " + sent);
        }

        @Override
        public void onConnected() {
            connectNanos.add(System.nanoTime() - openedAt);
            connected.countDown();
        }

        @Override
        public void onAgentMessage(String text) {
            synchronized (this) {
                if (!text.equals(id + " message " + sent)) {
                    failures.incrementAndGet();
                    System.err.println(id + ": expected echo of message " + sent + ", got '" + text + "'");
                }
                roundTripNanos.add(System.nanoTime() - sentAt);
            }
            next();
        }

        @Override
        public void onEnded() {}

        @Override
        public void onFailed(LiveAgentFailure failure, List<String> undelivered) {
            failures.incrementAndGet();
            System.err.println(id + ": " + failure);
            connected.countDown();
            done.countDown();
        }
    }

    private static String percentiles(ConcurrentLinkedQueue<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return "no samples";
        }
        return String.format(
                "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)",
                at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99), sorted[sorted.length - 1] / 1e6, sorted.length);
    }

    private static double at(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private static Map<String, Integer> threadsByKind() {
        Map<String, Integer> kinds = new TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            kinds.merge(kind(thread.getName()), 1, Integer::sum);
        }
        return kinds;
    }

    private static String kind(String name) {
        String trimmed = name.replaceAll("[-\\s#]*\\d+([-\\s]\\d+)*$", "");
        if (name.startsWith("OkHttp ")) {
            return name.contains("WebSocket") ? "OkHttp WebSocket writer" : "OkHttp " + trimmed.split(" ")[1];
        }
        if (name.startsWith("pool-")) {
            return "pool-N-thread (engine.io heartbeat)";
        }
        return trimmed.isEmpty() ? name : trimmed;
    }

    private static String threadsByKindText(Map<String, Integer> kinds) {
        StringBuilder text = new StringBuilder();
        kinds.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> text.append(text.isEmpty() ? "" : ", ")
                        .append(e.getKey())
                        .append('=')
                        .append(e.getValue()));
        return text.toString();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100); // let the collector settle; measurement only, not synchronization
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private ConcurrentConversationsBenchmark() {}
}
