package dev.handoff.liveagent.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.liveagent.HandoffRequest;
import dev.handoff.liveagent.LiveAgentFailure;
import dev.handoff.liveagent.LiveAgentListener;
import dev.handoff.liveagent.LiveAgentUrls;
import dev.handoff.liveagent.TestLiveAgentServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Listeners that block (on a conversation's lock, a store) hold up pool threads, never the wire: a few threads call
 * every conversation's listener, in order per conversation, and what waits for one listener is bounded.
 */
class ListenerThreadsTest {
    private static final int THREADS = 3;

    /** The client's settings; a subclass runs every test here on another implementation. */
    SocketIoSettings settings() {
        return SocketIoSettings.defaults().withListenerThreads(THREADS);
    }

    @Test
    void manyConversationsWithBlockedListenersShareTheFewListenerThreadsAndKeepTheirOrder() {
        int conversations = 24;
        CountDownLatch gate = new CountDownLatch(1);
        try (TestLiveAgentServer server = TestLiveAgentServer.start();
                SocketIoLiveAgentClient client = new SocketIoLiveAgentClient(settings())) {
            List<GatedListener> listeners = new ArrayList<>();
            for (int c = 0; c < conversations; c++) {
                GatedListener listener = new GatedListener(gate);
                client.open(request(server, "c" + c), listener);
                listeners.add(listener);
            }
            listeners.forEach(GatedListener::awaitConnected);
            for (int m = 1; m <= 3; m++) {
                for (int c = 0; c < conversations; c++) {
                    server.emitToUser("c" + c, "c" + c + " message " + m);
                }
            }

            // every conversation has a listener call running or waiting: with a thread each, 24 would run
            ThreadPoolExecutor pool = (ThreadPoolExecutor) client.listenerPool();
            await(
                    "a listener call of every conversation handed to the pool",
                    () -> pool.getActiveCount() + pool.getQueue().size() >= conversations);
            assertThat(pool.getLargestPoolSize()).isLessThanOrEqualTo(THREADS);
            assertThat(listenerThreads()).hasSizeLessThanOrEqualTo(THREADS);

            gate.countDown();
            for (int c = 0; c < conversations; c++) {
                int conversation = c;
                assertThat(listeners.get(c).awaitMessages(3))
                        .as("conversation %d", c)
                        .containsExactlyElementsOf(IntStream.rangeClosed(1, 3)
                                .mapToObj(m -> "c" + conversation + " message " + m)
                                .toList());
            }
            assertThat(listenerThreads()).hasSizeLessThanOrEqualTo(THREADS);
        }
    }

    @Test
    void aListenerThatFallsTooFarBehindHasItsConnectionDroppedAndLosesNothingReceived() {
        int messages = SocketIoSession.MAX_LISTENER_BACKLOG + 1;
        CountDownLatch gate = new CountDownLatch(1);
        try (TestLiveAgentServer server = TestLiveAgentServer.start();
                SocketIoLiveAgentClient client = new SocketIoLiveAgentClient(
                        settings().withReconnectionDelays(Duration.ofMillis(100), Duration.ofMillis(500)))) {
            GatedListener listener = new GatedListener(gate);
            client.open(request(server, "c1"), listener);
            listener.awaitConnected();
            server.emitToUser("c1", "message 1");
            listener.awaitBlocked();
            for (int m = 2; m <= messages; m++) {
                server.emitToUser("c1", "message " + m);
            }

            // the first call blocks; with the next MAX_LISTENER_BACKLOG waiting, the connection is closed and opened
            // again
            server.awaitConnection("c1", 2);
            assertThat(server.connections("c1").get(0).isDisconnected()).isTrue();
            gate.countDown();

            assertThat(listener.awaitMessages(messages))
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, messages)
                            .mapToObj(m -> "message " + m)
                            .toList());
        }
    }

    private static HandoffRequest request(TestLiveAgentServer server, String conversationId) {
        return new HandoffRequest(
                LiveAgentUrls.of(server.url()),
                conversationId,
                "bot-1",
                null,
                null,
                null,
                List.of(),
                Duration.ofSeconds(30),
                Duration.ofSeconds(30));
    }

    private static List<String> listenerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(name -> name.startsWith("live-agent-listener-"))
                .toList();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TestLiveAgentServer.AWAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Blocks every agent message until the gate opens (a listener waiting for a conversation's lock). */
    private static final class GatedListener implements LiveAgentListener {
        private final CountDownLatch gate;
        private final CountDownLatch connected = new CountDownLatch(1);
        private final CountDownLatch blocked = new CountDownLatch(1);
        private final List<String> messages = Collections.synchronizedList(new ArrayList<>());

        GatedListener(CountDownLatch gate) {
            this.gate = gate;
        }

        @Override
        public void onConnected() {
            connected.countDown();
        }

        @Override
        public void onAgentMessage(String text) {
            blocked.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            messages.add(text);
        }

        @Override
        public void onEnded() {}

        @Override
        public void onFailed(LiveAgentFailure failure, List<String> undelivered) {}

        void awaitConnected() {
            await("connected", () -> connected.getCount() == 0);
        }

        void awaitBlocked() {
            await("a blocked listener call", () -> blocked.getCount() == 0);
        }

        List<String> awaitMessages(int count) {
            await(count + " agent messages (have " + messages.size() + ")", () -> messages.size() >= count);
            synchronized (messages) {
                return List.copyOf(messages);
            }
        }
    }
}
