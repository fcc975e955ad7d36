package dev.handoff.humanhandoff;

import dev.handoff.liveagent.socketio.SocketIoSettings;

/** Every test of {@link RatingOverSocketIoTest}, over socket.io-client-java (implementation {@code socketio}). */
class RatingOverSocketIoOnSocketIoClientJavaTest extends RatingOverSocketIoTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults().withImplementation(SocketIoSettings.Implementation.SOCKETIO);
    }
}
