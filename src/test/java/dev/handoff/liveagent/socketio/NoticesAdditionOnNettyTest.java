package dev.handoff.liveagent.socketio;

/** Every test of {@link NoticesAdditionTest}, over the Netty implementation. */
class NoticesAdditionOnNettyTest extends NoticesAdditionTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults().withImplementation(SocketIoSettings.Implementation.NETTY);
    }
}
