package dev.handoff.translate.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A provider on a local port (loopback, port 0) that answers what the test scripts, per method and path, in order
 * (the last answer repeats), and records every request. An answer may hang: no response until the provider closes.
 */
public final class FakeProvider implements AutoCloseable {
    /** A request as the provider saw it; header names lower case. */
    public record Request(String method, String path, String query, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private enum Hang {
        NO,
        BEFORE_HEADERS,
        AFTER_HEADERS
    }

    private record Answer(int status, String contentType, Function<Request, String> body, Hang hang) {}

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
    private final Queue<Request> requests = new ConcurrentLinkedQueue<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    public FakeProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers {@code method path} with {@code status} and a JSON body (after the answers scripted before). */
    public FakeProvider answer(String method, String path, int status, String json) {
        return answer(method, path, status, "application/json; charset=utf-8", json);
    }

    public FakeProvider answer(String method, String path, int status, String contentType, String body) {
        script(method, path, new Answer(status, contentType, request -> body, Hang.NO));
        return this;
    }

    /** Answers {@code method path} with 200 and the JSON {@code body} makes of each request. */
    public FakeProvider respond(String method, String path, Function<Request, String> body) {
        script(method, path, new Answer(200, "application/json; charset=utf-8", body, Hang.NO));
        return this;
    }

    /** Never answers {@code method path} (until the provider closes). */
    public FakeProvider hang(String method, String path) {
        script(method, path, new Answer(0, null, null, Hang.BEFORE_HEADERS));
        return this;
    }

    /** Answers {@code method path} with 200 and the start of a body, then nothing more (until the provider closes). */
    public FakeProvider stallMidAnswer(String method, String path) {
        script(method, path, new Answer(200, "application/json", request -> "{\"data\": ", Hang.AFTER_HEADERS));
        return this;
    }

    private void script(String method, String path, Answer answer) {
        answers.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>()).addLast(answer);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders()
                    .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            URI uri = exchange.getRequestURI();
            Request request = new Request(exchange.getRequestMethod(), uri.getPath(), uri.getRawQuery(), headers, body);
            requests.add(request);
            Answer answer = next(request.method() + " " + request.path());
            if (answer == null) {
                send(exchange, request, new Answer(404, "text/plain", r -> "not scripted", Hang.NO));
            } else if (answer.hang() == Hang.BEFORE_HEADERS) {
                closing.await(30, TimeUnit.SECONDS);
            } else if (answer.hang() == Hang.AFTER_HEADERS) {
                byte[] start = answer.body().apply(request).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", answer.contentType());
                exchange.sendResponseHeaders(answer.status(), start.length + 1_000);
                exchange.getResponseBody().write(start);
                exchange.getResponseBody().flush();
                closing.await(30, TimeUnit.SECONDS);
            } else {
                send(exchange, request, answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Answer next(String key) {
        Deque<Answer> scripted = answers.get(key);
        if (scripted == null) return null;
        synchronized (scripted) {
            return scripted.size() > 1 ? scripted.pollFirst() : scripted.peekFirst();
        }
    }

    private static void send(HttpExchange exchange, Request request, Answer answer) throws IOException {
        byte[] bytes = answer.body().apply(request).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
