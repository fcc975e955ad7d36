package dev.handoff.liveagent.socketio;

/** Every test of {@link ConcurrentConversationsTest}, over the Netty implementation. */
class ConcurrentConversationsOnNettyTest extends ConcurrentConversationsTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults().withImplementation(SocketIoSettings.Implementation.NETTY);
    }
}
