package dev.handoff.channel.web;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import dev.handoff.channel.InMemoryTranscripts;
import dev.handoff.channel.ServedBot;
import dev.handoff.channel.Sessions;
import dev.handoff.channel.Transcripts;
import dev.handoff.channel.rest.RestChannel;
import dev.handoff.routing.Conversations;
import jakarta.inject.Qualifier;
import jakarta.inject.Singleton;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bot server's wiring: the {@link Sessions} of the given bots over the runtime's {@link Conversations},
 * their {@link Transcripts} (in memory; override the binding for a store), the channels and the {@link
 * ChannelServer}. No I/O here: the server listens from {@link ChannelServer#start()}.
 */
public final class ChannelModule extends AbstractModule {
    /** The threads that run sessions' turns. */
    @Qualifier
    @Retention(RetentionPolicy.RUNTIME)
    @interface Workers {}

    private final ServerSettings settings;
    private final Conversations conversations;
    private final List<ServedBot> bots;

    public ChannelModule(ServerSettings settings, Conversations conversations, List<ServedBot> bots) {
        this.settings = settings;
        this.conversations = conversations;
        this.bots = List.copyOf(bots);
    }

    @Override
    protected void configure() {
        bind(ServerSettings.class).toInstance(settings);
        bind(Conversations.class).toInstance(conversations);
        bind(Transcripts.class).to(InMemoryTranscripts.class);
        bind(InMemoryTranscripts.class).toInstance(new InMemoryTranscripts());
        bind(ChannelServer.class);
    }

    @Provides
    @Singleton
    @Workers
    ExecutorService workers() {
        int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        return Executors.newFixedThreadPool(threads, daemon("channel-turns"));
    }

    @Provides
    @Singleton
    ScheduledExecutorService timer() {
        return Executors.newSingleThreadScheduledExecutor(daemon("channel-timer"));
    }

    @Provides
    @Singleton
    Sessions sessions(Transcripts transcripts, @Workers ExecutorService workers) {
        return new Sessions(conversations, bots, transcripts, workers);
    }

    @Provides
    @Singleton
    RestChannel rest(Sessions sessions, ScheduledExecutorService timer) {
        return new RestChannel(sessions, timer);
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
