package dev.handoff.liveagent.socketio;

/** Every test of {@link SocketIoLiveAgentClientTest}, over the Netty implementation. */
class SocketIoLiveAgentClientOnNettyTest extends SocketIoLiveAgentClientTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults().withImplementation(SocketIoSettings.Implementation.NETTY);
    }
}
