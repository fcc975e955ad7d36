package dev.handoff.liveagent.socketio;

/** Every test of {@link NoticesAdditionTest}, over socket.io-client-java (implementation {@code socketio}). */
class NoticesAdditionOnSocketIoClientJavaTest extends NoticesAdditionTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults().withImplementation(SocketIoSettings.Implementation.SOCKETIO);
    }
}
