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
}
