package dev.handoff.liveagent.socketio;

import java.util.List;

/**
 * Every test of {@link SocketIoLiveAgentClientTest}, over the Netty implementation starting on HTTP long-polling and upgrading to a
 * websocket (socket.io-client-java's default transports).
 */
class SocketIoLiveAgentClientOnNettyUpgradeTest extends SocketIoLiveAgentClientTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults()
                .withImplementation(SocketIoSettings.Implementation.NETTY)
                .withTransports(List.of(SocketIoSettings.POLLING, SocketIoSettings.WEBSOCKET));
    }
}
