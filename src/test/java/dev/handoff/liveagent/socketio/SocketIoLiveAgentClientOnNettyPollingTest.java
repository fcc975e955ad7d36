package dev.handoff.liveagent.socketio;

import java.util.List;

/** Every test of {@link SocketIoLiveAgentClientTest}, over the Netty implementation on HTTP long-polling alone. */
class SocketIoLiveAgentClientOnNettyPollingTest extends SocketIoLiveAgentClientTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults()
                .withImplementation(SocketIoSettings.Implementation.NETTY)
                .withTransports(List.of(SocketIoSettings.POLLING));
    }
}
