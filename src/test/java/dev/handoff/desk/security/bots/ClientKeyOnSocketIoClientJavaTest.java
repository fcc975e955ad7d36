package dev.handoff.desk.security.bots;

import dev.handoff.liveagent.socketio.SocketIoSettings;

/** Every test of {@link ClientKeyTest}, over socket.io-client-java (implementation {@code socketio}): the real desk's key check. */
class ClientKeyOnSocketIoClientJavaTest extends ClientKeyTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults().withImplementation(SocketIoSettings.Implementation.SOCKETIO);
    }
}
