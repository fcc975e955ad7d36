package dev.handoff.liveagent.socketio;

/** Every test of {@link SeveralLiveAgentUrlsTest}, over socket.io-client-java (implementation {@code socketio}). */
class SeveralLiveAgentUrlsOnSocketIoClientJavaTest extends SeveralLiveAgentUrlsTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults().withImplementation(SocketIoSettings.Implementation.SOCKETIO);
    }
}
