package dev.handoff.delivery.bench;

import dev.handoff.delivery.DeliveryProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A bounded soak of the whole path under faults: the real bridge → fault proxy → the real desk (H2) ←
 * an agent on {@code /agents}; the user and the agent each send a numbered message every 100–200 ms
 * while the proxy cuts every connection {@code cuts} times and stalls them {@code stalls} times
 * (12 s with no FIN, then a cut) over {@code minutes}. Prints, per direction: sent, delivered once,
 * lost, duplicated, reordered, and the latency of a message from sender to receiver. First, with no
 * fault, the same traffic with the delivery addition off (plain PROTOCOL.md) and on: what
 * acknowledgements cost in latency.
 *
 * <p>{@code java -cp "$CP" dev.handoff.delivery.bench.DeliverySoakBenchmark [minutes] [cuts] [stalls]}
 */
public final class DeliverySoakBenchmark {
    private DeliverySoakBenchmark() {}

    public static void main(String[] args) throws Exception {
        double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        int cuts = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int stalls = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        for (boolean delivery : new boolean[] {false, true}) {
            System.out.printf(
                    "no fault, 300 messages each way, delivery addition %s:%n",
                    delivery ? "on" : "off (plain PROTOCOL.md)");
            System.out.println(DeliveryProbe.calm(Files.createTempDirectory("calm"), 300, delivery)
                    .report());
        }
        Path data = Files.createTempDirectory("soak");
        Duration length = Duration.ofMillis((long) (minutes * 60_000));
        System.out.printf("soak: %.1f min, %d cuts, %d stalls of 12 s%n", minutes, cuts, stalls);
        DeliveryProbe.Result result = DeliveryProbe.soak(data, length, cuts, stalls);
        System.out.println(result.report());
        System.exit(result.perfect() ? 0 : 1);
    }
}
