package dev.handoff.liveagent.socketio;

/** Every test of {@link SocketIoLiveAgentClientTest}, over socket.io-client-java (implementation {@code socketio}). */
class SocketIoLiveAgentClientOnSocketIoClientJavaTest extends SocketIoLiveAgentClientTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults().withImplementation(SocketIoSettings.Implementation.SOCKETIO);
    }
}
