package dev.handoff.delivery;

import dev.handoff.desk.support.TestDesks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/** Drives {@link DeliveryRig} for a long soak (the benchmark's engine; tests use the rig directly). */
public final class DeliveryProbe {
    private DeliveryProbe() {}

    /** Per direction: the tally and the sender-to-receiver latency percentiles, in milliseconds. */
    public record Direction(String name, DeliveryRig.Tally tally, double p50, double p99, double max) {
        String line() {
            return String.format(
                    "%-14s sent %5d, delivered once %5d, lost %d, duplicated %d, reordered %d; latency p50 %.1f ms, p99 %.1f ms, max %.0f ms",
                    name,
                    tally.sent(),
                    tally.deliveredOnce(),
                    tally.lost(),
                    tally.duplicated(),
                    tally.outOfOrder(),
                    p50,
                    p99,
                    max);
        }
    }

    public record Result(Direction toAgent, Direction toUser, long cuts, int stalls, Duration took) {
        public boolean perfect() {
            return toAgent.tally().perfect() && toUser.tally().perfect();
        }

        public String report() {
            return toAgent.line() + "\n" + toUser.line() + "\n"
                    + String.format("connections cut %d, stalls %d, %d s", cuts, stalls, took.toSeconds());
        }
    }

    /**
     * No fault: {@code messages} each way, one every 100–200 ms, with the delivery addition on or off
     * (plain PROTOCOL.md), for the latency acknowledgements cost.
     */
    public static Result calm(Path data, int messages, boolean delivery) throws Exception {
        long start = System.nanoTime();
        try (DeliveryRig rig = new DeliveryRig(TestDesks.config(data), delivery)) {
            rig.handOff();
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            List<String> userSent = new ArrayList<>();
            List<String> agentSent = new ArrayList<>();
            CompletableFuture<Void> agent = CompletableFuture.runAsync(() -> {
                for (int i = 1; i <= messages; i++) {
                    String text = "a-" + i;
                    sentAt.put(text, System.nanoTime());
                    rig.agentSays(text, Duration.ofSeconds(30));
                    agentSent.add(text);
                    DeliveryRig.sleep(ThreadLocalRandom.current().nextLong(100, 200));
                }
            });
            for (int i = 1; i <= messages; i++) {
                String text = "u-" + i;
                sentAt.put(text, System.nanoTime());
                rig.userSays(text);
                userSent.add(text);
                DeliveryRig.sleep(ThreadLocalRandom.current().nextLong(100, 200));
            }
            agent.join();
            DeliveryRig.await(
                    "the last messages",
                    Duration.ofSeconds(30),
                    () -> rig.agentReceived().size() >= messages
                            && rig.userReceived().size() >= messages);
            return new Result(
                    direction("user → agent", userSent, rig.agentReceived(), sentAt, rig.arrivedAt),
                    direction("agent → user", agentSent, rig.userReceived(), sentAt, rig.arrivedAt),
                    0,
                    0,
                    Duration.ofNanos(System.nanoTime() - start));
        }
    }

    public static Result soak(Path data, Duration length, int cuts, int stalls) throws Exception {
        long start = System.nanoTime();
        try (DeliveryRig rig = new DeliveryRig(TestDesks.config(data))) {
            rig.handOff();
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            List<String> userSent = new ArrayList<>();
            List<String> agentSent = new ArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            CompletableFuture<Void> agent = CompletableFuture.runAsync(() -> {
                for (int i = 1; running.get(); i++) {
                    String text = "a-" + i;
                    sentAt.put(text, System.nanoTime());
                    try {
                        rig.agentSays(text, Duration.ofSeconds(30));
                        agentSent.add(text);
                    } catch (AssertionError neverEchoed) {
                        System.err.println("agent message " + text + " was never taken by the desk");
                    }
                    DeliveryRig.sleep(ThreadLocalRandom.current().nextLong(100, 200));
                }
            });
            CompletableFuture<Void> faults = CompletableFuture.runAsync(() -> {
                long cutEvery = length.toMillis() / Math.max(1, cuts);
                long stallEvery = stalls == 0 ? Long.MAX_VALUE : length.toMillis() / stalls;
                long begin = System.currentTimeMillis();
                long nextStall = begin + stallEvery / 2;
                while (running.get()) {
                    DeliveryRig.sleep(cutEvery);
                    if (System.currentTimeMillis() >= nextStall) {
                        rig.proxy.stall();
                        DeliveryRig.sleep(12_000);
                        rig.proxy.cutAll();
                        rig.proxy.resume();
                        nextStall += stallEvery;
                    } else {
                        rig.proxy.cutAll();
                    }
                }
            });
            long end = System.nanoTime() + length.toNanos();
            for (int i = 1; System.nanoTime() < end; i++) {
                String text = "u-" + i;
                sentAt.put(text, System.nanoTime());
                rig.userSays(text);
                userSent.add(text);
                DeliveryRig.sleep(ThreadLocalRandom.current().nextLong(100, 200));
            }
            running.set(false);
            faults.join();
            agent.join();
            DeliveryRig.await(
                    "the last messages",
                    Duration.ofMinutes(2),
                    () -> rig.agentReceived().size() >= userSent.size()
                            && rig.userReceived().size() >= agentSent.size());
            DeliveryRig.sleep(1_000);
            return new Result(
                    direction("user → agent", userSent, rig.agentReceived(), sentAt, rig.arrivedAt),
                    direction("agent → user", agentSent, rig.userReceived(), sentAt, rig.arrivedAt),
                    rig.proxy.connectionsCut(),
                    stalls,
                    Duration.ofNanos(System.nanoTime() - start));
        }
    }

    static Direction direction(
            String name,
            List<String> sent,
            List<String> received,
            Map<String, Long> sentAt,
            Map<String, Long> arrivedAt) {
        List<Double> latencies = new ArrayList<>();
        for (String s : sent) {
            Long a = arrivedAt.get(s);
            if (a != null) latencies.add((a - sentAt.get(s)) / 1e6);
        }
        latencies.sort(Double::compare);
        double p50 = latencies.isEmpty() ? 0 : latencies.get(latencies.size() / 2);
        double p99 = latencies.isEmpty()
                ? 0
                : latencies.get(Math.min(latencies.size() - 1, (int) (latencies.size() * 0.99)));
        double max = latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1);
        return new Direction(name, DeliveryRig.Tally.of(sent, received), p50, p99, max);
    }
}
