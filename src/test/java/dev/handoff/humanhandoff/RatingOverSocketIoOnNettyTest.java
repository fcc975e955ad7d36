package dev.handoff.humanhandoff;

import dev.handoff.liveagent.socketio.SocketIoSettings;

/** Every test of {@link RatingOverSocketIoTest}, over the Netty implementation. */
class RatingOverSocketIoOnNettyTest extends RatingOverSocketIoTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults().withImplementation(SocketIoSettings.Implementation.NETTY);
    }
}
