package dev.handoff;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import com.google.inject.util.Modules;
import dev.handoff.conversation.ConversationStore;
import dev.handoff.dialogue.Bot;
import dev.handoff.dialogue.BotFactory;
import dev.handoff.dialogue.DialogueAction;
import dev.handoff.dialogue.DialogueModule;
import dev.handoff.liveagent.LiveAgentClient;
import dev.handoff.plugin.LoadedPlugin;
import dev.handoff.plugin.PluginLoader;
import dev.handoff.preset.ActionCatalog;
import dev.handoff.preset.BotDef;
import dev.handoff.preset.BotLoader;
import dev.handoff.preset.PresetCatalog;
import dev.handoff.routing.Conversations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a channel needs, wired: the plugins found on the class path, their presets, the
 * dialogue manager and the infrastructure (NLP pipeline, live-agent client). Build one per process;
 * close it to close every conversation and connection.
 */
public final class HandoffRuntime implements AutoCloseable {
    private final List<LoadedPlugin> plugins;
    private final PresetCatalog presets;
    private final Injector injector;

    private HandoffRuntime(List<LoadedPlugin> plugins, List<Module> infrastructure, Module overrides) {
        this.plugins = plugins;
        this.presets = PluginLoader.presets(plugins);
        List<Module> modules = new ArrayList<>();
        modules.add(new DialogueModule());
        modules.addAll(infrastructure);
        plugins.forEach(p -> modules.add(p.plugin().module()));
        this.injector = Guice.createInjector(Modules.override(modules).with(overrides));
    }

    /** The plugins found on the class path, with the given infrastructure modules and overrides. */
    public static HandoffRuntime create(List<Module> infrastructure, Module overrides) {
        return new HandoffRuntime(
                PluginLoader.discover(HandoffRuntime.class.getClassLoader()), infrastructure, overrides);
    }

    /** Exactly the given plugins (for tests and embedding). */
    public static HandoffRuntime create(List<LoadedPlugin> plugins, List<Module> infrastructure, Module overrides) {
        return new HandoffRuntime(plugins, infrastructure, overrides);
    }

    public List<LoadedPlugin> plugins() {
        return plugins;
    }

    public PresetCatalog presets() {
        return presets;
    }

    public BotLoader botLoader() {
        return new BotLoader(presets, actions());
    }

    /** The actions the plugins bind, each with the preset it needs ({@link DialogueAction#requiredPreset()}). */
    public ActionCatalog actions() {
        Map<String, DialogueAction> bound =
                injector.getInstance(Key.get(new TypeLiteral<Map<String, DialogueAction>>() {}));
        var requiredPresets = new LinkedHashMap<String, Optional<String>>();
        bound.forEach((name, action) -> requiredPresets.put(name, action.requiredPreset()));
        return new ActionCatalog(requiredPresets);
    }

    public Bot bot(BotDef definition) {
        return injector.getInstance(BotFactory.class).create(definition);
    }

    public Conversations conversations() {
        return injector.getInstance(Conversations.class);
    }

    /**
     * Closes every conversation and connection. With a conversation store, conversations are left as stored
     * (a live agent's chat stays open on the desk) for the next process to resume, and the store is closed.
     */
    @Override
    public void close() {
        conversations().shutdown();
        injector.getInstance(LiveAgentClient.class).close();
        if (injector.getExistingBinding(Key.get(ConversationStore.class)) != null) {
            injector.getInstance(ConversationStore.class).close();
        }
    }
}
