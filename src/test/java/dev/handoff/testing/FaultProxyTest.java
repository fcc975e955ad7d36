package dev.handoff.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault proxy does what the delivery tests rely on: forwards, cuts, stalls without closing, delays. */
class FaultProxyTest {
    private ServerSocket echo;
    private FaultProxy proxy;

    @BeforeEach
    void startEchoServer() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread t = new Thread(() -> {
                        try (s) {
                            s.getInputStream().transferTo(s.getOutputStream());
                        } catch (IOException ignored) {
                            // the peer went away
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        proxy = FaultProxy.to("127.0.0.1", echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    private static byte[] roundTrip(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes());
        out.flush();
        byte[] back = new byte[text.length()];
        new DataInputStream(s.getInputStream()).readFully(back);
        return back;
    }

    @Test
    void bytesGoThroughBothWays() throws IOException {
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            assertThat(new String(roundTrip(s, "hello"))).isEqualTo("hello");
        }
    }

    @Test
    void aCutClosesTheConnection() throws IOException {
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            roundTrip(s, "a");
            proxy.cutAll();
            s.setSoTimeout(5_000);
            assertThatThrownBy(() -> {
                        for (int i = 0; i < 100; i++) roundTrip(s, "b");
                    })
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void aStallHoldsTheBytesWithoutClosingAndResumeDeliversThem() throws IOException {
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            roundTrip(s, "a");
            proxy.stall();
            s.getOutputStream().write("held".getBytes());
            s.setSoTimeout(500);
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            proxy.resume();
            s.setSoTimeout(5_000);
            byte[] back = new byte[4];
            new DataInputStream(s.getInputStream()).readFully(back);
            assertThat(new String(back)).isEqualTo("held");
        }
    }

    @Test
    void latencyDelaysEveryChunk() throws IOException {
        proxy.latency(Duration.ofMillis(300));
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            long start = System.nanoTime();
            roundTrip(s, "slow");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(550));
        }
    }

    @Test
    void aConnectionSendingTheMarkerIsHeldUntilReleasedAndOthersPass() throws IOException {
        proxy.holdConnectionsSending("websocket");
        try (Socket held = new Socket("127.0.0.1", proxy.port());
                Socket other = new Socket("127.0.0.1", proxy.port())) {
            held.getOutputStream().write("GET /?transport=websocket".getBytes());
            assertThat(new String(roundTrip(other, "GET /?transport=polling"))).isEqualTo("GET /?transport=polling");
            held.setSoTimeout(500);
            assertThatThrownBy(() -> held.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            assertThat(proxy.heldConnections()).isEqualTo(1);

            proxy.releaseHeld();
            held.setSoTimeout(5_000);
            byte[] back = new byte[25];
            new DataInputStream(held.getInputStream()).readFully(back);
            assertThat(new String(back)).isEqualTo("GET /?transport=websocket");
        }
    }

    @Test
    void aConnectionHeldAfterItsFirstBytesPassesThemHoldsTheRestAndIsCutWhenItsClientCloses() throws Exception {
        proxy.holdConnectionsAfterTheirFirstBytes("upgrade");
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            assertThat(new String(roundTrip(s, "upgrade"))).isEqualTo("upgrade");
            assertThat(proxy.heldConnections()).isZero();
            s.getOutputStream().write("probe".getBytes());
            await(() -> proxy.heldConnections() == 1);
            s.setSoTimeout(500);
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
        await(() -> proxy.openConnections() == 0);
    }

    @Test
    void cuttingTheHeldConnectionsClosesThem() throws IOException {
        proxy.holdConnectionsSending("websocket");
        try (Socket held = new Socket("127.0.0.1", proxy.port())) {
            held.getOutputStream().write("websocket".getBytes());
            await(() -> proxy.heldConnections() == 1);
            proxy.cutHeld();
            held.setSoTimeout(5_000);
            assertThatThrownBy(() -> {
                        if (held.getInputStream().read() < 0) throw new IOException("closed");
                    })
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void aGarbledAnswerHasItsFirstByteAfterTheHeadReplacedOnceForTheMatchingRequest() throws IOException {
        proxy.garbleResponses("GET ", 1);
        String request = "GET / HTTP/1.1\r\nHost: x\r\n\r\nbody";
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            assertThat(new String(roundTrip(s, request))).isEqualTo(request.replace("\r\n\r\nbody", "\r\n\r\n#ody"));
            assertThat(new String(roundTrip(s, "\r\n\r\nagain"))).isEqualTo("\r\n\r\nagain");
        }
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            assertThat(new String(roundTrip(s, request)))
                    .as("only the next one")
                    .isEqualTo(request);
        }
        assertThat(proxy.garbledResponses()).isEqualTo(1);
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met");
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
