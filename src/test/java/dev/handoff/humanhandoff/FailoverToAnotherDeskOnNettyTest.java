package dev.handoff.humanhandoff;

import dev.handoff.liveagent.socketio.SocketIoSettings;

/** Every test of {@link FailoverToAnotherDeskTest}, over the Netty implementation. */
class FailoverToAnotherDeskOnNettyTest extends FailoverToAnotherDeskTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults().withImplementation(SocketIoSettings.Implementation.NETTY);
    }
}
