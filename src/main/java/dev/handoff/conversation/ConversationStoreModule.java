package dev.handoff.conversation;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.util.Objects;

/**
 * Binds {@link ConversationStore} to a {@link JdbcConversationStore} at {@link ConversationStoreSettings}: with
 * this module, conversations are stored and a restarted bot process goes on with them ({@code
 * Conversations.open} restores a stored conversation, {@code Conversations.resumeHandoffs} re-opens the handoffs
 * that were live). Without it, nothing is stored.
 *
 * <p>No I/O here: the database is opened (and migrated) when the store is first injected. Whoever owns the
 * injector closes the store ({@code HandoffRuntime.close()} does).
 */
public final class ConversationStoreModule extends AbstractModule {
    private final ConversationStoreSettings settings;

    public ConversationStoreModule(ConversationStoreSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    protected void configure() {
        bind(ConversationStoreSettings.class).toInstance(settings);
    }

    @Provides
    @Singleton
    ConversationStore store(ConversationStoreSettings settings) {
        return JdbcConversationStore.open(settings.jdbcUrl());
    }
}
