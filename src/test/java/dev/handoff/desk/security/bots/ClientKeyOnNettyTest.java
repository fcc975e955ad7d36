package dev.handoff.desk.security.bots;

import dev.handoff.liveagent.socketio.SocketIoSettings;

/** Every test of {@link ClientKeyTest}, over the Netty implementation: the real desk's key check. */
class ClientKeyOnNettyTest extends ClientKeyTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults().withImplementation(SocketIoSettings.Implementation.NETTY);
    }
}
