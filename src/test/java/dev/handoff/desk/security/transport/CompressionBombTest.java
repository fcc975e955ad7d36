package dev.handoff.desk.security.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestDesks;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compression bomb costs the desk nothing: no websocket extension is negotiated, so a frame marked
 * compressed (RSV1) is refused with close code 1002 and never inflated; a polling body over the limit
 * is refused with 413. The desk runs in its own JVM with a 160 MB heap, measuring itself, while a
 * control chat exchanges messages both ways.
 */
class CompressionBombTest {
    /** What one bomb inflates to (permessage-deflate, raw DEFLATE of zeros). */
    static final int INFLATED = 300 << 20;
    /** The bound the test holds the desk to: heap growth over the baseline, during the whole attack. */
    static final long HEAP_GROWTH_BOUND = 64L << 20;
    /** The bound on netty's pooled direct memory growth (where frames are read). */
    static final long DIRECT_GROWTH_BOUND = 32L << 20;

    @TempDir
    Path data;

    @TempDir
    Path logs;

    /** 300 MB of zeros as one raw DEFLATE stream (about 300 KB), flushed as permessage-deflate ends a message. */
    static byte[] bomb() {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream(INFLATED / 1000);
        byte[] zeros = new byte[1 << 20];
        byte[] buf = new byte[1 << 16];
        for (int left = INFLATED; left > 0; left -= zeros.length) {
            deflater.setInput(zeros, 0, Math.min(left, zeros.length));
            while (!deflater.needsInput()) out.write(buf, 0, deflater.deflate(buf));
        }
        int n;
        do {
            n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length);
        deflater.end();
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - 4); // without the 00 00 ff ff the extension leaves out
    }

    @Test
    void deflateBombsOnWebsocketsAreRefusedUnreadWhileAChatLosesNothingAndTheHeapStaysSmall() throws Exception {
        byte[] bomb = bomb();
        int port = Sockets.freePort();
        MeasuredDesk desk = MeasuredDesk.start(port, data, logs.resolve("desk.log"));
        try (ControlChat chat = ControlChat.open("http://127.0.0.1:" + port)) {
            MeasuredDesk.Memory base = desk.base();
            chat.start(150, Duration.ofMillis(20));
            List<RawWebSocket> attackers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                RawWebSocket ws = RawWebSocket.engineIo(
                        port, Map.of("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"));
                assertThat(ws.status).isEqualTo(101);
                assertThat(ws.headers)
                        .as("the desk negotiates no extension")
                        .doesNotContainKey("sec-websocket-extensions");
                assertThat(ws.nextText()).startsWith("0{");
                attackers.add(ws);
            }
            for (RawWebSocket ws : attackers) ws.trySend(RawWebSocket.TEXT, true, true, bomb);
            for (RawWebSocket ws : attackers) {
                RawWebSocket.Frame close = ws.awaitClosed(Duration.ofSeconds(20));
                assertThat(close).as("a close frame").isNotNull();
                assertThat(close.closeCode()).as("protocol error").isEqualTo(1002);
                ws.close();
            }
            ControlChat.Result result = chat.finish(Duration.ofSeconds(30));
            MeasuredDesk.Memory peak = desk.peak();
            long after = desk.after();
            System.out.printf(
                    "bomb %d KB x4 (inflating to %d MB each): control chat %s; heap base %d MB, peak %d MB"
                            + " (+%.1f MB), after GC %d MB; netty direct base %d MB, peak %d MB; RSS base %d MB,"
                            + " peak %d MB%n",
                    bomb.length >> 10,
                    INFLATED >> 20,
                    result,
                    base.heap() >> 20,
                    peak.heap() >> 20,
                    (peak.heap() - base.heap()) / 1048576.0,
                    after >> 20,
                    base.direct() >> 20,
                    peak.direct() >> 20,
                    base.rssKb() >> 10,
                    peak.rssKb() >> 10);
            assertThat(desk.alive()).isTrue();
            assertThat(result.lostToAgent()).as("messages lost to the agent").isZero();
            assertThat(result.lostToUser()).as("messages lost to the user").isZero();
            assertThat(result.slowest()).as("the slowest message").isLessThan(Duration.ofSeconds(2));
            assertThat(peak.heap() - base.heap()).as("heap growth").isLessThan(HEAP_GROWTH_BOUND);
            assertThat(peak.direct() - base.direct()).as("direct memory growth").isLessThan(DIRECT_GROWTH_BOUND);
        } finally {
            desk.stop();
        }
    }

    @Test
    void aPollingBodyOverTheLimitIsRefusedWith413AndTheChatGoesOn() throws Exception {
        DeskConfig config = TestDesks.config(data);
        DeskService desk = TestDesks.start(config);
        try (ControlChat chat = ControlChat.open(TestDesks.url(config))) {
            RawPolling attacker = new RawPolling(config.port(), Map.of());
            assertThat(attacker.handshake().status()).isEqualTo(200);
            byte[] body = new byte[(1 << 20) + 1];
            Arrays.fill(body, (byte) '4');
            RawPolling.Answer answer =
                    attacker.post(RequestBody.create(MediaType.get("text/plain; charset=UTF-8"), body));
            assertThat(answer.status()).isEqualTo(413);
            chat.start(20, Duration.ofMillis(10));
            ControlChat.Result result = chat.finish(Duration.ofSeconds(20));
            assertThat(result.lostToAgent() + result.lostToUser()).isZero();
        } finally {
            desk.stop();
        }
    }
}
