package dev.handoff.liveagent.socketio;

/** Every test of {@link StallDetectionTest}, over the Netty implementation. */
class StallDetectionOnNettyTest extends StallDetectionTest {
    @Override
    SocketIoSettings settings() {
        return SocketIoSettings.defaults().withImplementation(SocketIoSettings.Implementation.NETTY);
    }
}
