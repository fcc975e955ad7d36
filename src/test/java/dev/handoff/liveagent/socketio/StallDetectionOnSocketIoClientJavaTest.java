package dev.handoff.liveagent.socketio;

/** Every test of {@link StallDetectionTest}, over socket.io-client-java (implementation {@code socketio}). */
class StallDetectionOnSocketIoClientJavaTest extends StallDetectionTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults().withImplementation(SocketIoSettings.Implementation.SOCKETIO);
    }
}
