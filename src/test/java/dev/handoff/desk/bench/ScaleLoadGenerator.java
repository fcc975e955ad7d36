package dev.handoff.desk.bench;

import dev.handoff.liveagent.HandoffRequest;
import dev.handoff.liveagent.LiveAgentFailure;
import dev.handoff.liveagent.LiveAgentListener;
import dev.handoff.liveagent.LiveAgentSession;
import dev.handoff.liveagent.LiveAgentUrls;
import dev.handoff.liveagent.socketio.SocketIoLiveAgentClient;
import dev.handoff.liveagent.socketio.SocketIoSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Not a test: one process of {@link DeskScaleBenchmark}'s load, holding {@code count} bots (one Socket.IO connection
 * each: the project's live-agent client, Netty implementation, delivery addition), so that the load is spread over
 * processes and no process needs more file descriptors than the machine gives one. Driven by lines on standard
 * input; answers with lines starting {@code @gen} on standard output (logs go to standard error).
 *
 * <ul>
 *   <li>{@code open BATCH}: hands off every bot, {@code BATCH} at a time, each batch awaited; answers {@code @gen
 *       opened CONNECTED FAILED MILLIS}.
 *   <li>{@code phase RATE COUNT DRAIN_SECONDS FILE}: sends {@code COUNT} user messages at {@code RATE} per second,
 *       open loop (message {@code k} from bot {@code k % count}, at its due time whatever came back), then waits up
 *       to {@code DRAIN_SECONDS} for the last echoes; writes each echoed message's round trip (nanoseconds, from
 *       {@code send} to the agent's echo in the bot's listener) to {@code FILE}, one per line, and answers {@code
 *       @gen phase SENT ECHOED WRONG LATE_MAX_MS SENDING_MS} ({@code LATE_MAX_MS}: how late the sender got behind its
 *       schedule at worst, a stall of this process; {@code SENDING_MS}: how long the sending took).
 *   <li>{@code quit}: closes every connection and exits.
 * </ul>
 *
 * <pre>
 * java -cp "$CP" dev.handoff.desk.bench.ScaleLoadGenerator URL CONVERSATION_PREFIX COUNT
 * </pre>
 */
public final class ScaleLoadGenerator {
    private final String url;
    private final String prefix;
    private final int count;
    private final SocketIoLiveAgentClient client;
    private final List<LiveAgentSession> sessions = new ArrayList<>();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile Window window = new Window(0, 0);
    private int next;

    /** One phase's messages {@code first..first+count-1}: when each came back, how many did, wrong ones. */
    private static final class Window {
        final int first;
        final AtomicLongArray echoedAt;
        final AtomicInteger echoes = new AtomicInteger();
        final AtomicInteger wrong = new AtomicInteger();

        Window(int first, int count) {
            this.first = first;
            this.echoedAt = new AtomicLongArray(count);
        }
    }

    ScaleLoadGenerator(String url, String prefix, int count) {
        this.url = url;
        this.prefix = prefix;
        this.count = count;
        this.client = new SocketIoLiveAgentClient(SocketIoSettings.defaults()
                .withImplementation(SocketIoSettings.Implementation.NETTY)
                .withMaxConcurrentRequests(Math.max(4096, count + 100)));
    }

    public static void main(String[] args) throws Exception {
        ScaleLoadGenerator generator = new ScaleLoadGenerator(args[0], args[1], Integer.parseInt(args[2]));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] f = line.trim().split("\\s+");
            switch (f[0]) {
                case "open" -> generator.open(Integer.parseInt(f[1]));
                case "phase" -> generator.phase(
                        Double.parseDouble(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]), Path.of(f[4]));
                case "quit" -> {
                    generator.client.close();
                    System.exit(0);
                }
                default -> System.err.println("unknown command: " + line);
            }
        }
        generator.client.close();
        System.exit(0);
    }

    private static void answer(String text) {
        System.out.println("@gen " + text);
        System.out.flush();
    }

    void open(int batch) throws InterruptedException {
        long start = System.nanoTime();
        int connected = 0;
        for (int from = 0; from < count; from += batch) {
            int to = Math.min(count, from + batch);
            CountDownLatch done = new CountDownLatch(to - from);
            AtomicInteger ok = new AtomicInteger();
            for (int i = from; i < to; i++) {
                HandoffRequest request = new HandoffRequest(
                        LiveAgentUrls.of(URI.create(url)),
                        prefix + i,
                        "bench-bot",
                        "sales",
                        null,
                        null,
                        List.of(),
                        Duration.ofSeconds(120),
                        Duration.ofSeconds(120));
                sessions.add(client.open(request, new Bot(done, ok)));
            }
            if (!done.await(180, TimeUnit.SECONDS)) {
                System.err.println(done.getCount() + " of bots " + from + ".." + (to - 1) + " not connected in 180 s");
            }
            connected += ok.get();
        }
        answer(String.format(
                Locale.ROOT, "opened %d %d %d", connected, failed.get(), (System.nanoTime() - start) / 1_000_000));
    }

    void phase(double rate, int messages, int drainSeconds, Path file) throws InterruptedException, IOException {
        long[] sent = new long[messages];
        Window w = new Window(next, messages);
        window = w;
        long start = System.nanoTime();
        double interval = 1e9 / rate;
        long lateMax = 0;
        for (int k = 0; k < messages; k++) {
            long due = start + (long) (k * interval);
            long wait = due - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            int number = w.first + k;
            sent[k] = System.nanoTime();
            lateMax = Math.max(lateMax, sent[k] - due);
            sessions.get(number % sessions.size()).send("m " + number);
        }
        long sending = System.nanoTime() - start;
        next = w.first + messages;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
        while (w.echoes.get() < messages && System.nanoTime() < deadline) Thread.sleep(20);
        StringBuilder trips = new StringBuilder();
        int echoed = 0;
        for (int k = 0; k < messages; k++) {
            long at = w.echoedAt.get(k);
            if (at != 0) {
                trips.append(at - sent[k]).append('\n');
                echoed++;
            }
        }
        Files.writeString(file, trips);
        answer(String.format(
                Locale.ROOT,
                "phase %d %d %d %d %d",
                messages,
                echoed,
                w.wrong.get(),
                lateMax / 1_000_000,
                sending / 1_000_000));
    }

    /** On the client's listener threads: one echo ({@code "echo: m NUMBER"}), matched to its message. */
    private void echo(String text) {
        long now = System.nanoTime();
        Window w = window;
        int number;
        try {
            if (!text.startsWith("echo: m ")) throw new NumberFormatException(text);
            number = Integer.parseInt(text.substring("echo: m ".length()));
        } catch (NumberFormatException e) {
            w.wrong.incrementAndGet();
            return;
        }
        int k = number - w.first;
        if (k < 0 || k >= w.echoedAt.length()) return; // a late echo of an earlier phase
        if (w.echoedAt.compareAndSet(k, 0, now)) w.echoes.incrementAndGet();
        else w.wrong.incrementAndGet(); // the same message echoed twice
    }

    /** One bot: counts its handoff, hands its echoes on. */
    private final class Bot implements LiveAgentListener {
        private final CountDownLatch done;
        private final AtomicInteger ok;

        Bot(CountDownLatch done, AtomicInteger ok) {
            this.done = done;
            this.ok = ok;
        }

        @Override
        public void onConnected() {
            ok.incrementAndGet();
            done.countDown();
        }

        @Override
        public void onAgentMessage(String text) {
            echo(text);
        }

        @Override
        public void onEnded() {
            failed.incrementAndGet();
        }

        @Override
        public void onFailed(LiveAgentFailure failure, List<String> undelivered) {
            if (failed.incrementAndGet() <= 5) System.err.println("a bot's handoff failed: " + failure);
            done.countDown();
        }
    }
}
