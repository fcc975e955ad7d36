package dev.handoff.desk.security.bots;

import dev.handoff.liveagent.socketio.SocketIoSettings;
import java.util.List;

/** Every test of {@link ClientKeyTest}, over the Netty implementation on HTTP long-polling alone: the real desk's key check. */
class ClientKeyOnNettyPollingTest extends ClientKeyTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults()
                .withImplementation(SocketIoSettings.Implementation.NETTY)
                .withTransports(List.of(SocketIoSettings.POLLING));
    }
}
