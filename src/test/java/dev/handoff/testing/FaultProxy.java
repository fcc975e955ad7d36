package dev.handoff.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy that injects network faults between two real parties (the bot bridge and the desk, an
 * agent and the desk): cut every connection, stall them (bytes held, no FIN, as a phone losing
 * signal), add latency, refuse new connections, hold the connections whose first request names something (an
 * upgrade's websocket, say) until released, corrupt the answer to a request. Bytes are never reordered within a
 * connection.
 *
 * <p>Threads: one acceptor, and per connection one reader and one writer per direction. Fault
 * switches are volatile fields read by the pumps.
 */
public final class FaultProxy implements AutoCloseable {
    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicLong cuts = new AtomicLong();
    private final AtomicInteger garbled = new AtomicInteger();
    private volatile boolean stalled;
    private volatile boolean refusing;
    private volatile long latencyNanos;
    private volatile boolean closed;
    private volatile String holdMarker;
    private volatile boolean holdAfterFirst;
    private volatile String garblePrefix;
    private final AtomicInteger garbles = new AtomicInteger();

    private FaultProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy on a free loopback port that forwards to {@code host:port}. */
    public static FaultProxy to(String host, int port) throws IOException {
        return new FaultProxy(new InetSocketAddress(host, port));
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>}: what a client should use instead of the target's URL. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Closes every open connection at once, both sides (a reset network path). */
    public void cutAll() {
        for (Link link : links) {
            link.cut();
            cuts.incrementAndGet();
        }
    }

    /** Holds every byte in both directions, without closing anything, until {@link #resume()}. */
    public void stall() {
        stalled = true;
    }

    public void resume() {
        stalled = false;
    }

    /** New connections are accepted and closed at once while {@code true}. */
    public void refuse(boolean refuse) {
        this.refusing = refuse;
    }

    /** Every chunk of bytes is delivered this much later (order kept). */
    public void latency(Duration latency) {
        this.latencyNanos = latency.toNanos();
    }

    /**
     * New connections whose first bytes from the client contain {@code marker} (in ISO-8859-1) are held: nothing of
     * theirs goes to the target until {@link #releaseHeld()} (or they are cut by {@link #cutHeld()}).
     */
    public void holdConnectionsSending(String marker) {
        this.holdAfterFirst = false;
        this.holdMarker = marker;
    }

    /**
     * As {@link #holdConnectionsSending}, but their first bytes go through (an HTTP upgrade, say) and what the
     * client sends after them is held; a held connection its client closes is cut, what it held dropped.
     */
    public void holdConnectionsAfterTheirFirstBytes(String marker) {
        this.holdAfterFirst = true;
        this.holdMarker = marker;
    }

    /** Lets the held connections through, and holds no new one. */
    public void releaseHeld() {
        holdMarker = null;
        links.forEach(link -> {
            link.holdNext = false;
            link.held = false;
        });
    }

    /** Cuts the held connections (as a network that drops them), and holds no new one. */
    public void cutHeld() {
        holdMarker = null;
        for (Link link : links) {
            if (link.held) {
                link.cut();
                cuts.incrementAndGet();
            }
        }
    }

    /** How many connections are held now (with {@link #holdConnectionsAfterTheirFirstBytes}: once more came). */
    public int heldConnections() {
        return (int) links.stream().filter(link -> link.held).count();
    }

    /**
     * On the next {@code count} new connections whose first bytes from the client start with {@code prefix} (an
     * HTTP request line, say), the first byte of the target's answer after its HTTP head ({@code \r\n\r\n}), the
     * body's first, becomes {@code #}: a response that keeps its length but is not what the client expects.
     */
    public void garbleResponses(String prefix, int count) {
        garbles.set(count);
        this.garblePrefix = prefix;
    }

    /** How many responses were garbled so far. */
    public int garbledResponses() {
        return garbled.get();
    }

    public int connectionsAccepted() {
        return accepted.get();
    }

    public int openConnections() {
        return links.size();
    }

    public long connectionsCut() {
        return cuts.get();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        links.forEach(Link::cut);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            if (refusing) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket();
                upstream.connect(target, 5_000);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                Link link = new Link(client, upstream);
                links.add(link);
                link.start();
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    /** One proxied connection: two directions, each a reader and a writer so latency keeps order. */
    private final class Link {
        private final Socket client;
        private final Socket upstream;
        private volatile boolean dead;
        /** Its client's bytes wait (see {@link #holdConnectionsSending}). */
        private volatile boolean held;
        /** Its client's bytes after the first wait (see {@link #holdConnectionsAfterTheirFirstBytes}). */
        private volatile boolean holdNext;
        /** Its client closed its end. */
        private volatile boolean clientClosed;
        /** The first body byte of the target's answer is to be garbled (see {@link #garbleResponses}). */
        private volatile boolean garble;
        /** Whether its client's first bytes were looked at. */
        private boolean seen;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() throws IOException {
            pump(client.getInputStream(), upstream.getOutputStream(), "up");
            pump(upstream.getInputStream(), client.getOutputStream(), "down");
        }

        /** Looks at what the client sends: whether to hold the connection, whether to garble its answer. */
        private void look(byte[] bytes) {
            if (seen) {
                held |= holdNext;
                return;
            }
            seen = true;
            String head = new String(bytes, StandardCharsets.ISO_8859_1);
            String marker = holdMarker;
            if (marker != null && head.contains(marker)) {
                if (holdAfterFirst) {
                    holdNext = true;
                } else {
                    held = true;
                }
            }
            String prefix = garblePrefix;
            if (prefix != null && head.startsWith(prefix) && garbles.getAndDecrement() > 0) {
                garble = true;
            }
        }

        private void pump(InputStream in, OutputStream out, String direction) {
            BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
            boolean up = direction.equals("up");
            Garbler garbler = up ? null : new Garbler();
            Thread reader = new Thread(
                    () -> {
                        byte[] buffer = new byte[16 * 1024];
                        try {
                            int n;
                            while ((n = in.read(buffer)) >= 0) {
                                byte[] bytes = Arrays.copyOf(buffer, n);
                                if (up) {
                                    look(bytes);
                                }
                                queue.put(new Chunk(System.nanoTime() + latencyNanos, bytes));
                            }
                        } catch (IOException | InterruptedException e) {
                            // cut or closed
                        }
                        if (up) {
                            clientClosed = true;
                        }
                        queue.add(Chunk.END);
                    },
                    "fault-proxy-" + direction + "-read");
            Thread writer = new Thread(
                    () -> {
                        try {
                            while (true) {
                                Chunk chunk = queue.take();
                                if (chunk == Chunk.END) {
                                    break;
                                }
                                long wait = chunk.due() - System.nanoTime();
                                if (wait > 0) {
                                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                                }
                                while ((stalled || (up && held)) && !dead && !(up && held && clientClosed)) {
                                    Thread.sleep(5);
                                }
                                if (up && held && clientClosed) {
                                    break;
                                }
                                if (dead) {
                                    break;
                                }
                                if (!up && garble && garbler.garble(chunk.bytes())) {
                                    garbled.incrementAndGet();
                                }
                                out.write(chunk.bytes());
                                out.flush();
                            }
                        } catch (IOException | InterruptedException e) {
                            // cut or closed
                        }
                        cut();
                    },
                    "fault-proxy-" + direction + "-write");
            reader.setDaemon(true);
            writer.setDaemon(true);
            reader.start();
            writer.start();
        }

        void cut() {
            if (dead) {
                return;
            }
            dead = true;
            links.remove(this);
            for (Socket s : new Socket[] {client, upstream}) {
                try {
                    s.setSoLinger(true, 0); // a reset, as a broken path looks to the peers
                } catch (SocketException ignored) {
                    // already closed
                }
                closeQuietly(s);
            }
        }
    }

    /** Finds the end of an HTTP head across chunks and garbles the byte after it, once. */
    private static final class Garbler {
        private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};
        private int matched;
        private boolean done;

        /** Garbles the body's first byte if it is in these bytes; returns whether it did. */
        boolean garble(byte[] bytes) {
            for (int i = 0; i < bytes.length && !done; i++) {
                if (matched == END_OF_HEAD.length) {
                    bytes[i] = '#';
                    done = true;
                    return true;
                }
                matched = bytes[i] == END_OF_HEAD[matched] ? matched + 1 : bytes[i] == '\r' ? 1 : 0;
            }
            return false;
        }
    }

    private record Chunk(long due, byte[] bytes) {
        static final Chunk END = new Chunk(0, new byte[0]);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
