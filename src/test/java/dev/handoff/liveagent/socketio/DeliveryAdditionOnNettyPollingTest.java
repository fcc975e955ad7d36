package dev.handoff.liveagent.socketio;

import java.util.List;

/** Every test of {@link DeliveryAdditionTest}, over the Netty implementation on HTTP long-polling alone. */
class DeliveryAdditionOnNettyPollingTest extends DeliveryAdditionTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults()
                .withImplementation(SocketIoSettings.Implementation.NETTY)
                .withTransports(List.of(SocketIoSettings.POLLING));
    }
}
