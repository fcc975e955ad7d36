package dev.handoff.desk.server;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.Future;
import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * netty-socketio's server with event loops that stop without netty's default two-second quiet
 * period each (a desk stopped by Ctrl-C or by a test is gone in milliseconds, not four seconds).
 * netty-socketio keeps its groups in private fields; if they cannot be set, the stock groups are used.
 */
final class QuickStopServer extends SocketIOServer {
    private static final Logger log = LoggerFactory.getLogger(QuickStopServer.class);

    QuickStopServer(Configuration configuration) {
        super(configuration);
    }

    @Override
    protected void initGroups() {
        try {
            Field boss = SocketIOServer.class.getDeclaredField("bossGroup");
            Field worker = SocketIOServer.class.getDeclaredField("workerGroup");
            boss.setAccessible(true);
            worker.setAccessible(true);
            boss.set(this, new QuickGroup(getConfiguration().getBossThreads(), "desk-accept"));
            worker.set(this, new QuickGroup(getConfiguration().getWorkerThreads(), "desk-io"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("stock event loops: {}", e.toString());
            super.initGroups();
        }
    }

    private static final class QuickGroup extends NioEventLoopGroup {
        QuickGroup(int threads, String name) {
            super(threads, new io.netty.util.concurrent.DefaultThreadFactory(name, true));
        }

        @Override
        public Future<?> shutdownGracefully() {
            return shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
    }
}
