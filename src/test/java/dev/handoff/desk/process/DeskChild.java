package dev.handoff.desk.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** A {@link DeskProcess} started by a test: what it reported as committed, and how it ends. */
public final class DeskChild {
    private final Process process;
    private final Path report;

    private DeskChild(Process process, Path report) {
        this.process = process;
        this.report = report;
    }

    public static DeskChild start(int port, Path data, Path log, String... db) {
        Path report = data.resolveSibling("report-" + System.nanoTime() + ".txt");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                DeskProcess.class.getName(),
                Integer.toString(port),
                data.toString(),
                report.toString()));
        command.addAll(List.of(db));
        try {
            Process p = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            DeskChild child = new DeskChild(p, report);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!child.lines().contains("ready")) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new AssertionError("the desk process did not start; see " + log);
                }
                Thread.sleep(50);
            }
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private List<String> lines() throws IOException {
        return Files.exists(report) ? Files.readAllLines(report, StandardCharsets.UTF_8) : List.of();
    }

    /** {@code CHAT_ID SEQ} of every live message the database committed. */
    Set<String> committed() throws IOException {
        return lines().stream()
                .filter(l -> l.startsWith("committed "))
                .map(l -> l.substring("committed ".length()))
                .collect(Collectors.toSet());
    }

    /** SIGKILL: nothing runs in the desk any more. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the desk's shutdown hook stops it; true when it said it stopped. */
    public boolean terminate() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return false;
        }
        return lines().contains("stopped");
    }
}
