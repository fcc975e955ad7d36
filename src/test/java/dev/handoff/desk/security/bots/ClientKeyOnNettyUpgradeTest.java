package dev.handoff.desk.security.bots;

import dev.handoff.liveagent.socketio.SocketIoSettings;
import java.util.List;

/** Every test of {@link ClientKeyTest}, over the Netty implementation starting on HTTP long-polling and upgrading to a websocket: the real desk's key check. */
class ClientKeyOnNettyUpgradeTest extends ClientKeyTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults()
                .withImplementation(SocketIoSettings.Implementation.NETTY)
                .withTransports(List.of(SocketIoSettings.POLLING, SocketIoSettings.WEBSOCKET));
    }
}
