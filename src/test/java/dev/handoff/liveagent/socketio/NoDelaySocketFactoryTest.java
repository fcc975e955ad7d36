package dev.handoff.liveagent.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class NoDelaySocketFactoryTest {

    @Test
    void everySocketItMakesConnectedOrNotHasNagleOff() throws Exception {
        NoDelaySocketFactory factory = new NoDelaySocketFactory();
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                Socket unconnected = factory.createSocket();
                Socket byName = factory.createSocket("127.0.0.1", server.getLocalPort());
                Socket byAddress = factory.createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            assertThat(unconnected.getTcpNoDelay()).isTrue();
            assertThat(byName.getTcpNoDelay()).isTrue();
            assertThat(byAddress.getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void theLiveAgentClientsConnectionsAreMadeByIt() {
        SocketIoLiveAgentClient client = new SocketIoLiveAgentClient(SocketIoSettings.defaults());
        try {
            assertThat(client.http().socketFactory()).isInstanceOf(NoDelaySocketFactory.class);
        } finally {
            client.close();
        }
    }
}
