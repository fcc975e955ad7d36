package dev.handoff.humanhandoff;

import dev.handoff.liveagent.socketio.SocketIoSettings;

/** Every test of {@link WaitingForAnAgentTest}, over the Netty implementation. */
class WaitingForAnAgentOnNettyTest extends WaitingForAnAgentTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults().withImplementation(SocketIoSettings.Implementation.NETTY);
    }
}
