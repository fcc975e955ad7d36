package dev.handoff.liveagent.socketio;

/** Every test of {@link DeliveryAdditionTest}, over socket.io-client-java (implementation {@code socketio}). */
class DeliveryAdditionOnSocketIoClientJavaTest extends DeliveryAdditionTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults().withImplementation(SocketIoSettings.Implementation.SOCKETIO);
    }
}
