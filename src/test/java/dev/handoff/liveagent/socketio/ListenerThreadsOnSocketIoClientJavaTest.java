package dev.handoff.liveagent.socketio;

/** Every test of {@link ListenerThreadsTest}, over socket.io-client-java (implementation {@code socketio}). */
class ListenerThreadsOnSocketIoClientJavaTest extends ListenerThreadsTest {
    @Override
    SocketIoSettings settings() {
        return super.settings().withImplementation(SocketIoSettings.Implementation.SOCKETIO);
    }
}
