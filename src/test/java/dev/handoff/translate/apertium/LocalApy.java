package dev.handoff.translate.apertium;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Apertium APY server for tests (the APY integration test, the browser test, the benchmark): Debian's
 * {@code apertium-apy} with the installed pairs, on a free loopback port, started and killed by the test.
 *
 * <pre>{@code
 * try (LocalApy apy = LocalApy.start("eng-spa", "spa-eng")) {
 *     Translator apertium = new ApertiumTranslator(http, apy.uri(), Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>Not installed is a failure that says how to install it, never a skipped test. The program is found on the
 * {@code PATH} (or the system property {@code apertium.apy}), the pairs in {@value #DEBIAN_MODES} (or {@code
 * apertium.modes}). APY binds every interface and has no option to choose one, so the server is started through
 * its Python interpreter with the bind address set to loopback.
 */
public final class LocalApy implements AutoCloseable {
    /** Where Debian's {@code apertium-*} pair packages put their modes. */
    public static final String DEBIAN_MODES = "/usr/share/apertium/modes";

    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final String INSTALL =
            "install Apertium's server and a pair: apt-get install -y apertium-apy apertium-eng-spa"
                    + " (Debian/Ubuntu; .ci/run does it)";

    /** Runs APY's entry point with tornado's bind address defaulted to loopback. */
    private static final String LOOPBACK_BOOT = String.join(
            "\n",
            "import sys, tornado.tcpserver as t",
            "bind = t.TCPServer.bind",
            "t.TCPServer.bind = lambda self, port, address=None, *a, **k: bind(self, port, '127.0.0.1', *a, **k)",
            "from apertium_apy.apy import main",
            "sys.argv[0] = 'apertium-apy'",
            "sys.exit(main())");

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread reaper;

    private LocalApy(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.reaper = new Thread(this::kill, "local-apy-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts APY and waits until {@code /listPairs} answers.
     *
     * @param modes the pairs the caller needs, as APY names their modes ({@code eng-spa}); each must be installed
     */
    public static LocalApy start(String... modes) throws IOException, InterruptedException {
        Path program = program();
        Path modesDir = Path.of(System.getProperty("apertium.modes", DEBIAN_MODES));
        for (String mode : modes) {
            if (!Files.isRegularFile(modesDir.resolve(mode + ".mode"))) {
                throw new IllegalStateException("the Apertium pair " + mode + " is not installed in " + modesDir
                        + ": apt-get install -y apertium-" + mode.replaceAll("_.*", "")
                        + " (or the package of the pair in the other direction); " + INSTALL);
            }
        }
        int port = freePort();
        List<String> command = new ArrayList<>();
        String interpreter = interpreter(program);
        if (interpreter != null) {
            command.addAll(List.of(interpreter, "-c", LOOPBACK_BOOT));
        } else {
            command.add(program.toString());
        }
        command.addAll(List.of("-p", String.valueOf(port), modesDir.toString()));
        Path log = Files.createTempFile("apertium-apy", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        LocalApy apy = new LocalApy(process, port, log);
        try {
            apy.awaitListPairs();
        } catch (IOException | InterruptedException | RuntimeException e) {
            apy.close();
            throw e;
        }
        return apy;
    }

    private static Path program() {
        String configured = System.getProperty("apertium.apy");
        if (configured != null) {
            if (Files.isExecutable(Path.of(configured))) return Path.of(configured);
            throw new IllegalStateException("apertium.apy=" + configured + " is not an executable: " + INSTALL);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "apertium-apy");
            if (Files.isExecutable(candidate)) return candidate;
        }
        throw new IllegalStateException("apertium-apy is not on the PATH: " + INSTALL);
    }

    /** The Python interpreter of APY's launcher script, or {@code null} when it is not a Python script. */
    private static String interpreter(Path program) throws IOException {
        List<String> lines = Files.readAllLines(program, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).startsWith("#!") || !lines.get(0).contains("python")) return null;
        String[] shebang = lines.get(0).substring(2).trim().split("\\s+");
        return shebang[0].endsWith("env") && shebang.length > 1 ? shebang[1] : shebang[0];
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitListPairs() throws IOException, InterruptedException {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest listPairs = HttpRequest.newBuilder(uri().resolve("/listPairs"))
                .timeout(Duration.ofSeconds(2))
                .build();
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("apertium-apy exited with " + process.exitValue() + ": " + output());
            }
            try {
                if (client.send(listPairs, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(
                "apertium-apy did not answer /listPairs within " + STARTUP.toSeconds() + " s: " + output());
    }

    /** The server's base URL, e.g. {@code http://127.0.0.1:40123}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** What APY wrote so far (its last 2,000 characters). */
    public String output() throws IOException {
        String all = Files.readString(log, StandardCharsets.UTF_8);
        return all.length() <= 2_000 ? all : all.substring(all.length() - 2_000);
    }

    /** Kills APY and the pipelines it started, and waits for them. */
    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temporary file left behind
        }
    }

    private void kill() {
        List<ProcessHandle> pipelines = process.descendants().toList();
        process.destroy();
        pipelines.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pipelines.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
