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
 * signal), add latency, refuse new connections. Bytes are never reordered within a connection.
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
    private volatile boolean stalled;
    private volatile boolean refusing;
    private volatile long latencyNanos;
    private volatile boolean closed;

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

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() throws IOException {
            pump(client.getInputStream(), upstream.getOutputStream(), "up");
            pump(upstream.getInputStream(), client.getOutputStream(), "down");
        }

        private void pump(InputStream in, OutputStream out, String direction) {
            BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
            Thread reader = new Thread(
                    () -> {
                        byte[] buffer = new byte[16 * 1024];
                        try {
                            int n;
                            while ((n = in.read(buffer)) >= 0) {
                                queue.put(new Chunk(System.nanoTime() + latencyNanos, Arrays.copyOf(buffer, n)));
                            }
                        } catch (IOException | InterruptedException e) {
                            // cut or closed
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
                                while (stalled && !dead) {
                                    Thread.sleep(5);
                                }
                                if (dead) {
                                    break;
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
