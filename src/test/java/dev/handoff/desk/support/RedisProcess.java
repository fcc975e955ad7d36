package dev.handoff.desk.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of a test's own, on a port of its own, without persistence: for the tests that kill Redis
 * and start it again on the same port. The binary is {@code redis-server} on the PATH (Debian's package
 * {@code redis-server}; {@code .ci/run} installs it). {@link #close()} kills it.
 */
public final class RedisProcess implements AutoCloseable {
    private final int port;
    private final Path log;
    private Process process;

    private RedisProcess(int port, Path log) {
        this.port = port;
        this.log = log;
    }

    /** Starts a Redis on a free port, logging to {@code log}; waits until it answers PING. */
    public static RedisProcess start(Path log) {
        RedisProcess redis = new RedisProcess(Sockets.freePort(), log);
        redis.startAgain();
        return redis;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    /** kill -9: Redis is gone at once, its connections reset. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts Redis again on the same port (after {@link #kill()}); waits until it answers PING. */
    public void startAgain() {
        try {
            process = new ProcessBuilder(List.of(
                            "redis-server",
                            "--port",
                            Integer.toString(port),
                            "--bind",
                            "127.0.0.1",
                            "--save",
                            "",
                            "--appendonly",
                            "no"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run redis-server (install Debian's package redis-server)", e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!answers(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new AssertionError("redis-server did not start on port " + port + "; see " + log);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** True when a Redis on {@code port} answers PING within a second. */
    public static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = new byte[7];
            int n = in.readNBytes(answer, 0, answer.length);
            return new String(answer, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (process != null) kill();
    }
}
