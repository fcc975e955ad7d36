package dev.handoff.liveagent.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.yaml.InvalidSettingException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SocketIoSettingsTest {

    @Test
    void defaultsUseWebsocketAndAllowThousandsOfConversations() {
        SocketIoSettings defaults = SocketIoSettings.defaults();

        assertThat(defaults.transports()).containsExactly("websocket");
        assertThat(defaults.maxConcurrentRequests()).isGreaterThan(64);
        assertThat(defaults.reconnectionDelay()).isLessThanOrEqualTo(defaults.reconnectionDelayMax());
        assertThat(defaults.stallTimeout()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void unknownTransportIsRejectedNamingTheKnownOnes() {
        assertThatThrownBy(() -> SocketIoSettings.defaults().withTransports(List.of("websockets")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("transports: 'websockets' is not a transport (known: websocket, polling)")
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.setting())
                        .isEqualTo("transports"));
    }

    @Test
    void nonsenseLimitsAndDelaysAreRejected() {
        assertThatThrownBy(() -> SocketIoSettings.defaults().withMaxConcurrentRequests(0))
                .hasMessageContaining("maxConcurrentRequests");
        assertThatThrownBy(() -> SocketIoSettings.defaults()
                        .withReconnectionDelays(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .hasMessageContaining("reconnectionDelayMax");
        assertThatThrownBy(
                        () -> SocketIoSettings.defaults().withReconnectionDelays(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("reconnectionDelay must be positive");
        assertThatThrownBy(() -> SocketIoSettings.defaults().withStallTimeout(Duration.ZERO))
                .hasMessageContaining("stallTimeout must be positive");
    }

    @Test
    void theImplementationIsNamedSocketioOrNettyAndNettyUnlessTheSystemPropertySaysOtherwise() {
        assertThat(SocketIoSettings.Implementation.of("netty")).isEqualTo(SocketIoSettings.Implementation.NETTY);
        assertThat(SocketIoSettings.Implementation.of("socketio")).isEqualTo(SocketIoSettings.Implementation.SOCKETIO);
        assertThatThrownBy(() -> SocketIoSettings.Implementation.of("okhttp"))
                .hasMessage("implementation: 'okhttp' is not a Socket.IO client (known: socketio, netty)")
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.setting())
                        .isEqualTo("implementation"));
        String given = System.getProperty(SocketIoSettings.IMPLEMENTATION_PROPERTY);
        try {
            System.clearProperty(SocketIoSettings.IMPLEMENTATION_PROPERTY);
            assertThat(SocketIoSettings.defaults().implementation()).isEqualTo(SocketIoSettings.Implementation.NETTY);
            System.setProperty(SocketIoSettings.IMPLEMENTATION_PROPERTY, "socketio");
            assertThat(SocketIoSettings.defaults().implementation())
                    .isEqualTo(SocketIoSettings.Implementation.SOCKETIO);
        } finally {
            if (given == null) {
                System.clearProperty(SocketIoSettings.IMPLEMENTATION_PROPERTY);
            } else {
                System.setProperty(SocketIoSettings.IMPLEMENTATION_PROPERTY, given);
            }
        }
    }

    @Test
    void aFewListenerThreadsByDefaultAndNeverNoneNorOnePerConversation() {
        assertThat(SocketIoSettings.defaults().listenerThreads()).isEqualTo(8);
        assertThat(SocketIoSettings.defaults().withListenerThreads(1).listenerThreads())
                .isEqualTo(1);
        assertThatThrownBy(() -> SocketIoSettings.defaults().withListenerThreads(0))
                .hasMessage("listenerThreads must be between 1 and 64, was 0");
        assertThatThrownBy(() -> SocketIoSettings.defaults().withListenerThreads(65))
                .hasMessage("listenerThreads must be between 1 and 64, was 65");
    }

    @Test
    void theNettyImplementationTakesEitherTransportOrPollingThenWebsocket() {
        SocketIoSettings netty = SocketIoSettings.defaults().withImplementation(SocketIoSettings.Implementation.NETTY);

        for (List<String> transports :
                List.of(List.of("websocket"), List.of("polling"), List.of("polling", "websocket"))) {
            assertThat(netty.withTransports(transports).transports()).isEqualTo(transports);
        }
    }

    @Test
    void theNamespaceIsAppendedToTheLiveAgentUrl() {
        assertThat(SocketIoSession.namespaceUri(URI.create("https://live.example.org")))
                .isEqualTo(URI.create("https://live.example.org/live_agent"));
        assertThat(SocketIoSession.namespaceUri(URI.create("http://127.0.0.1:8080/")))
                .isEqualTo(URI.create("http://127.0.0.1:8080/live_agent"));
    }
}
