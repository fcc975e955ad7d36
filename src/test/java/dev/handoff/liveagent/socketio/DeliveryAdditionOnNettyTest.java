package dev.handoff.liveagent.socketio;

/** Every test of {@link DeliveryAdditionTest}, over the Netty implementation. */
class DeliveryAdditionOnNettyTest extends DeliveryAdditionTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults().withImplementation(SocketIoSettings.Implementation.NETTY);
    }
}
