package dev.handoff.humanhandoff;

import dev.handoff.liveagent.socketio.SocketIoSettings;

/** Every test of {@link FailoverToAnotherDeskTest}, over socket.io-client-java (implementation {@code socketio}). */
class FailoverToAnotherDeskOnSocketIoClientJavaTest extends FailoverToAnotherDeskTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults().withImplementation(SocketIoSettings.Implementation.SOCKETIO);
    }
}
