package dev.handoff.desk.security.transport;

import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.TestDesks;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test desk ({@link TestDesks#YAML}) in a JVM of its own with a capped heap, that measures its memory:
 * {@code MeasuredDesk PORT DATA_DIR}. It says {@code ready} on standard output once it listens, then
 * answers commands on standard input: {@code base} (collect garbage, then {@code base heap=B
 * direct=D rss=KB}, and start tracking peaks) and {@code peak} ({@code peak heap=B direct=D hwm=KB},
 * then, after collecting garbage, {@code after heap=B}). Heap is sampled every 5 ms; direct is netty's
 * pooled direct memory, where frames are read; rss and hwm are the process's resident set and its peak.
 *
 * <p>A desk killed by an out-of-memory error exits at once ({@code -XX:+ExitOnOutOfMemoryError}), so
 * the test sees it die rather than limp.
 */
public final class MeasuredDesk {
    /** The measuring desk's heap; an attack that needs more kills it. */
    static final String HEAP = "-Xmx160m";

    private final Process process;
    private final BufferedReader answers;
    private final Writer commands;

    /** What the desk measured, in bytes (rss and hwm in kB, from /proc). */
    record Memory(long heap, long direct, long rssKb) {}

    private MeasuredDesk(Process process) {
        this.process = process;
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    static MeasuredDesk start(int port, Path data, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP,
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                MeasuredDesk.class.getName(),
                Integer.toString(port),
                data.toString()));
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        MeasuredDesk desk = new MeasuredDesk(p);
        String first = desk.answers.readLine();
        if (!"ready".equals(first)) {
            p.destroyForcibly();
            throw new AssertionError("the measured desk did not start (" + first + "); see " + log);
        }
        return desk;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Collects garbage in the desk and returns what it then uses; peaks are tracked from now. */
    Memory base() throws IOException {
        return ask("base");
    }

    /** The peaks since {@link #base()}. */
    Memory peak() throws IOException {
        return ask("peak");
    }

    /** What the heap holds after a garbage collection (answered with {@link #peak()}). */
    long after() throws IOException {
        String line = answers.readLine();
        if (line == null || !line.startsWith("after ")) throw new AssertionError("the desk answered " + line);
        return Long.parseLong(line.substring("after heap=".length()));
    }

    private Memory ask(String what) throws IOException {
        if (!process.isAlive()) throw new AssertionError("the desk died (exit " + process.exitValue() + ")");
        commands.write(what + "\n");
        commands.flush();
        String line = answers.readLine();
        if (line == null) throw new AssertionError("the desk died while answering '" + what + "'");
        String[] parts = line.split(" ");
        return new Memory(value(parts[1]), value(parts[2]), value(parts[3]));
    }

    private static long value(String kv) {
        return Long.parseLong(kv.substring(kv.indexOf('=') + 1));
    }

    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly();
    }

    // ---- the child

    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        DeskConfig config = TestDesks.config(Path.of(args[1])).withPort(Integer.parseInt(args[0]));
        DeskService service = new DeskService(config, Clock.systemUTC()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(service::stop, "measured-desk-shutdown"));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peakHeap = new AtomicLong();
        AtomicLong peakDirect = new AtomicLong();
        Thread sampler = new Thread(
                () -> {
                    while (true) {
                        peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                        peakDirect.accumulateAndGet(direct(), Math::max);
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "memory-sampler");
        sampler.setDaemon(true);
        sampler.start();
        out.println("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            switch (line) {
                case "base" -> {
                    collect();
                    long heap = memory.getHeapMemoryUsage().getUsed();
                    peakHeap.set(heap);
                    peakDirect.set(direct());
                    out.println("base heap=" + heap + " direct=" + direct() + " rss=" + status("VmRSS"));
                }
                case "peak" -> {
                    out.println(
                            "peak heap=" + peakHeap.get() + " direct=" + peakDirect.get() + " hwm=" + status("VmHWM"));
                    collect();
                    out.println("after heap=" + memory.getHeapMemoryUsage().getUsed());
                }
                default -> out.println("unknown command " + line);
            }
        }
        System.exit(0);
    }

    private static long direct() {
        return PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
    }

    private static void collect() {
        for (int i = 0; i < 3; i++) System.gc();
    }

    /** A field of /proc/self/status in kB, or -1 where there is none. */
    private static long status(String field) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith(field + ":")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
            return -1;
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }
}
