package dev.handoff.humanhandoff;

import dev.handoff.liveagent.socketio.SocketIoSettings;

/** Every test of {@link WaitingForAnAgentTest}, over socket.io-client-java (implementation {@code socketio}). */
class WaitingForAnAgentOnSocketIoClientJavaTest extends WaitingForAnAgentTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults().withImplementation(SocketIoSettings.Implementation.SOCKETIO);
    }
}
