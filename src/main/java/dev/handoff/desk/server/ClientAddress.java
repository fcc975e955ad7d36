package dev.handoff.desk.server;

import com.corundumstudio.socketio.HandshakeData;
import com.corundumstudio.socketio.SocketIOClient;
import dev.handoff.desk.config.SecurityConfig;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/**
 * The address a connection comes from, as the per-address caps and logs count it: the peer's IP, or,
 * when the peer is one of {@code security.trustedProxies}, the right-most address of {@code
 * X-Forwarded-For} that is not itself a trusted proxy. A header from anyone else is ignored, so a
 * client cannot choose the address it is counted under.
 */
final class ClientAddress {
    static final String FORWARDED_FOR = "X-Forwarded-For";

    private ClientAddress() {}

    static String of(SocketIOClient client, List<String> trustedProxies) {
        HandshakeData handshake = client.getHandshakeData();
        String forwarded = handshake == null ? null : handshake.getHttpHeaders().get(FORWARDED_FOR);
        SocketAddress peer = handshake != null && handshake.getAddress() != null
                ? handshake.getAddress()
                : client.getRemoteAddress();
        return of(peer, forwarded, trustedProxies);
    }

    static String of(SocketAddress peer, String forwardedFor, List<String> trustedProxies) {
        String ip = ip(peer);
        if (forwardedFor == null || !trustedProxies.contains(ip)) return ip;
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = SecurityConfig.canonicalIp(hops[i].trim());
            if (hop.isEmpty()) continue;
            if (!trustedProxies.contains(hop)) return hop.length() > 64 ? hop.substring(0, 64) : hop;
        }
        return ip;
    }

    static String ip(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        }
        return String.valueOf(address);
    }
}
