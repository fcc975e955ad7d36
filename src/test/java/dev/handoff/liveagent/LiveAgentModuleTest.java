package dev.handoff.liveagent;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.handoff.liveagent.socketio.SocketIoLiveAgentClient;
import dev.handoff.liveagent.socketio.SocketIoSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveAgentModuleTest {

    @Test
    void bindsTheLiveAgentPortToOneSocketIoClient() {
        Injector injector = Guice.createInjector(new LiveAgentModule());
        LiveAgentClient first = injector.getInstance(LiveAgentClient.class);
        try {
            assertThat(first).isInstanceOf(SocketIoLiveAgentClient.class);
            assertThat(injector.getInstance(LiveAgentClient.class)).isSameAs(first);
            assertThat(injector.getInstance(SocketIoLiveAgentClient.class)).isSameAs(first);
            assertThat(injector.getInstance(SocketIoSettings.class)).isEqualTo(SocketIoSettings.defaults());
        } finally {
            first.close();
        }
    }

    @Test
    @SuppressWarnings("try") // the client is only created and closed
    void usesTheGivenSettings() {
        SocketIoSettings settings = SocketIoSettings.defaults()
                .withTransports(List.of("polling", "websocket"))
                .withReconnectionDelays(Duration.ofSeconds(1), Duration.ofSeconds(10));
        Injector injector = Guice.createInjector(new LiveAgentModule(settings));
        try (LiveAgentClient client = injector.getInstance(LiveAgentClient.class)) {
            assertThat(injector.getInstance(SocketIoSettings.class)).isSameAs(settings);
        }
    }

    @Test
    void creatingTheClientOpensNoConnection() {
        try (TestLiveAgentServer server = TestLiveAgentServer.start()) {
            LiveAgentClient client = Guice.createInjector(new LiveAgentModule()).getInstance(LiveAgentClient.class);
            RecordingListener listener = new RecordingListener();
            assertThat(server.connections()).isEmpty();

            client.open(
                    new HandoffRequest(
                            LiveAgentUrls.of(server.url()),
                            "c1",
                            "bot-1",
                            null,
                            null,
                            null,
                            List.of(),
                            Duration.ofSeconds(30),
                            Duration.ofSeconds(30)),
                    listener);

            listener.await("connected");
            assertThat(server.connections()).hasSize(1);
            client.close();
        }
    }
}
