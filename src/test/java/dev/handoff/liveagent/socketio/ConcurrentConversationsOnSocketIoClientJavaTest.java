package dev.handoff.liveagent.socketio;

/** Every test of {@link ConcurrentConversationsTest}, over socket.io-client-java (implementation {@code socketio}). */
class ConcurrentConversationsOnSocketIoClientJavaTest extends ConcurrentConversationsTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults().withImplementation(SocketIoSettings.Implementation.SOCKETIO);
    }
}
