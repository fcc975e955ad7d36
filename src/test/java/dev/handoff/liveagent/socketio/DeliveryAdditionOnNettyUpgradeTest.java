package dev.handoff.liveagent.socketio;

import java.util.List;

/**
 * Every test of {@link DeliveryAdditionTest}, over the Netty implementation starting on HTTP long-polling and upgrading to a
 * websocket (socket.io-client-java's default transports).
 */
class DeliveryAdditionOnNettyUpgradeTest extends DeliveryAdditionTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults()
                .withImplementation(SocketIoSettings.Implementation.NETTY)
                .withTransports(List.of(SocketIoSettings.POLLING, SocketIoSettings.WEBSOCKET));
    }
}
