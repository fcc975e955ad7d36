package dev.handoff.desk.security.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A websocket client on a bare socket, as an attacker writes one: any header in the upgrade request,
 * any frame (RSV bits, size, fragmentation), and a view of exactly what the server answers. Frames
 * are masked as a client's must be.
 */
final class RawWebSocket implements AutoCloseable {
    static final int TEXT = 1;
    static final int CONTINUATION = 0;
    static final int CLOSE = 8;

    private static final SecureRandom RANDOM = new SecureRandom();

    final int status;
    final Map<String, String> headers;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The close code of a close frame, or -1. */
        int closeCode() {
            return opcode == CLOSE && payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
        }
    }

    private RawWebSocket(Socket socket, int status, Map<String, String> headers) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.status = status;
        this.headers = headers;
    }

    /** An Engine.IO 4 websocket connection to the desk on {@code port}, with {@code extra} upgrade headers. */
    static RawWebSocket engineIo(int port, Map<String, String> extra) {
        return open(port, "/socket.io/?EIO=4&transport=websocket", extra);
    }

    static RawWebSocket open(int port, String path, Map<String, String> extra) {
        try {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(30_000);
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            StringBuilder req = new StringBuilder()
                    .append("GET ")
                    .append(path)
                    .append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:")
                    .append(port)
                    .append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
                    .append("Sec-WebSocket-Key: ")
                    .append(Base64.getEncoder().encodeToString(nonce))
                    .append("\r\nSec-WebSocket-Version: 13\r\n");
            extra.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            req.append("\r\n");
            socket.getOutputStream().write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String statusLine = line(in);
            int status = statusLine == null ? -1 : Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                headers.put(
                        h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        h.substring(colon + 1).trim());
            }
            return new RawWebSocket(socket, status, headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != -1; c = in.read()) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    void sendText(String text) {
        send(TEXT, true, false, text.getBytes(StandardCharsets.UTF_8));
    }

    /** One frame; {@code rsv1} is the bit permessage-deflate uses to mark a compressed message. */
    void send(int opcode, boolean fin, boolean rsv1, byte[] payload) {
        try {
            ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
            frame.write((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode);
            int n = payload.length;
            if (n < 126) {
                frame.write(0x80 | n);
            } else if (n < 65536) {
                frame.write(0x80 | 126);
                frame.write(n >>> 8);
                frame.write(n);
            } else {
                frame.write(0x80 | 127);
                for (int shift = 56; shift >= 0; shift -= 8) frame.write((int) ((long) n >>> shift));
            }
            byte[] mask = new byte[4];
            RANDOM.nextBytes(mask);
            frame.write(mask);
            byte[] masked = new byte[n];
            for (int i = 0; i < n; i++) masked[i] = (byte) (payload[i] ^ mask[i & 3]);
            frame.write(masked);
            out.write(frame.toByteArray());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Like {@link #send}, but a failure to write (the server closed) is not an error: what it means is tested. */
    boolean trySend(int opcode, boolean fin, boolean rsv1, byte[] payload) {
        try {
            send(opcode, fin, rsv1, payload);
            return true;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** The next frame from the server, or {@code null} when it closed the connection. */
    Frame read() {
        try {
            int b0 = in.read();
            if (b0 < 0) return null;
            int b1 = in.read();
            if (b1 < 0) return null;
            long n = b1 & 0x7f;
            if (n == 126) n = (in.read() << 8) | in.read();
            else if (n == 127) {
                n = 0;
                for (int i = 0; i < 8; i++) n = (n << 8) | in.read();
            }
            byte[] payload = in.readNBytes((int) n);
            return new Frame(b0 & 0x0f, payload);
        } catch (SocketException e) {
            return null; // reset by the server
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads frames until the server closes; the close frame it sent first, if any. Fails if it stays open. */
    Frame awaitClosed(Duration within) {
        try {
            socket.setSoTimeout((int) within.toMillis());
            Frame close = null;
            for (Frame f = read(); f != null; f = read()) {
                if (f.opcode() == CLOSE) close = f;
            }
            return close;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof SocketTimeoutException)
                throw new AssertionError("the server did not close the connection within " + within);
            throw e;
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next text frame, skipping Engine.IO pings ("2", answered with "3"). */
    String nextText() {
        for (Frame f = read(); f != null; f = read()) {
            if (f.opcode() != TEXT) continue;
            if (f.text().equals("2")) {
                sendText("3");
                continue;
            }
            return f.text();
        }
        throw new AssertionError("the server closed the connection");
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
