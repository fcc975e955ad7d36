package dev.handoff.desk.server;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOChannelInitializer;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.scheduler.CancelableScheduler;
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
 *
 * <p>It also releases the timer of the stock pipeline it creates for itself when the desk's pipeline
 * replaces it ({@link #setPipelineFactory}); netty reports an unreleased timer as a leak, at ERROR.
 */
final class QuickStopServer extends SocketIOServer {
    private static final Logger log = LoggerFactory.getLogger(QuickStopServer.class);

    QuickStopServer(Configuration configuration) {
        super(configuration);
    }

    @Override
    public void setPipelineFactory(SocketIOChannelInitializer pipelineFactory) {
        try {
            Field stock = SocketIOServer.class.getDeclaredField("pipelineFactory");
            Field scheduler = SocketIOChannelInitializer.class.getDeclaredField("scheduler");
            stock.setAccessible(true);
            scheduler.setAccessible(true);
            Object replaced = stock.get(this);
            if (replaced != null && replaced != pipelineFactory) {
                ((CancelableScheduler) scheduler.get(replaced)).shutdown();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("stock pipeline's timer not released: {}", e.toString());
        }
        super.setPipelineFactory(pipelineFactory);
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
