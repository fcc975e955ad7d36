package dev.handoff.liveagent;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import dev.handoff.liveagent.socketio.SocketIoLiveAgentClient;
import dev.handoff.liveagent.socketio.SocketIoSettings;
import java.util.Objects;

/**
 * Binds the live-agent port, {@link LiveAgentClient}, to the Socket.IO client, as a singleton.
 *
 * <p>No I/O here: the client creates its (lazily started) pools when first injected and opens a
 * connection only when a handoff calls {@link LiveAgentClient#open}. Whoever owns the injector
 * closes the client on shutdown.
 */
public final class LiveAgentModule extends AbstractModule {
    private final SocketIoSettings settings;

    /** With {@link SocketIoSettings#defaults()}. */
    public LiveAgentModule() {
        this(SocketIoSettings.defaults());
    }

    public LiveAgentModule(SocketIoSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    protected void configure() {
        bind(SocketIoSettings.class).toInstance(settings);
        bind(LiveAgentClient.class).to(SocketIoLiveAgentClient.class);
        bind(SocketIoLiveAgentClient.class).in(Singleton.class);
    }
}
