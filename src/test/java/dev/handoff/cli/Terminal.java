package dev.handoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.liveagent.socketio.SocketIoSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The packaged command run as a process: lines typed on its standard input, lines read from its standard output. */
final class Terminal implements AutoCloseable {
    static final Path JAR = Path.of("target/handoff.jar");
    private static final long WAIT_SECONDS = 60;

    private final Process process;
    private final Writer in;
    private final BlockingQueue<String> out = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    Terminal(String... args) throws IOException {
        assertThat(JAR).as("the packaged jar (run with mvn verify)").exists();
        List<String> command = new ArrayList<>(List.of(javaBin()));
        command.addAll(liveAgentImplementation());
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(
                () -> {
                    try (var lines = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            out.add(line);
                        }
                    } catch (IOException ignored) {
                        // the process ended
                    }
                },
                "terminal-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** The live-agent client's implementation this test JVM was given, passed on to the process. */
    static List<String> liveAgentImplementation() {
        String implementation = System.getProperty(SocketIoSettings.IMPLEMENTATION_PROPERTY);
        return implementation == null
                ? List.of()
                : List.of("-D" + SocketIoSettings.IMPLEMENTATION_PROPERTY + "=" + implementation);
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    Terminal type(String line) throws IOException {
        in.write(line + "\n");
        in.flush();
        return this;
    }

    private String next() throws InterruptedException {
        String line = out.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(line)
                .as("a line within " + WAIT_SECONDS + " s after " + seen)
                .isNotNull();
        seen.add(line);
        return line;
    }

    /** The next line is exactly this. */
    Terminal expect(String line) throws InterruptedException {
        assertThat(next()).as("next line after " + seen).isEqualTo(line);
        return this;
    }

    Terminal expectStartingWith(String prefix) throws InterruptedException {
        assertThat(next()).as("next line after " + seen).startsWith(prefix);
        return this;
    }

    /** Skips lines until one contains {@code part}; returns it. */
    String awaitLineContaining(String part) throws InterruptedException {
        while (true) {
            String line = next();
            if (line.contains(part)) {
                return line;
            }
        }
    }

    /** Closes standard input and waits for the exit status. */
    int end() throws IOException, InterruptedException {
        in.close();
        assertThat(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS))
                .as("the process ends at end of input")
                .isTrue();
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
