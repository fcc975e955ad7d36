package dev.handoff.humanhandoff;

import dev.handoff.liveagent.socketio.SocketIoSettings;

/** Every test of {@link HandoffOverSocketIoTest}, over socket.io-client-java (implementation {@code socketio}). */
class HandoffOverSocketIoOnSocketIoClientJavaTest extends HandoffOverSocketIoTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults().withImplementation(SocketIoSettings.Implementation.SOCKETIO);
    }
}
