package dev.handoff.humanhandoff;

import dev.handoff.liveagent.socketio.SocketIoSettings;

/** Every test of {@link HandoffOverSocketIoTest}, over the Netty implementation. */
class HandoffOverSocketIoOnNettyTest extends HandoffOverSocketIoTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults().withImplementation(SocketIoSettings.Implementation.NETTY);
    }
}
