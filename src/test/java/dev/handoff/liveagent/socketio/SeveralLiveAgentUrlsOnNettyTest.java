package dev.handoff.liveagent.socketio;

/** Every test of {@link SeveralLiveAgentUrlsTest}, over the Netty implementation. */
class SeveralLiveAgentUrlsOnNettyTest extends SeveralLiveAgentUrlsTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults().withImplementation(SocketIoSettings.Implementation.NETTY);
    }
}
