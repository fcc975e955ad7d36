package dev.handoff.plugin;

import dev.handoff.preset.PresetSettings;
import java.util.List;

/**
 * A dialogue plugin, found with {@link java.util.ServiceLoader} at startup (list the class in
 * {@code META-INF/services/dev.handoff.plugin.DialoguePlugin}). It contributes a Guice module (for
 * example the actions it binds) and the presets it ships. Implementations need a public no-argument
 * constructor and must do no I/O there or in their module.
 */
public interface DialoguePlugin {

    /** A unique id, such as {@code human_handoff}. Two plugins with one id stop startup. */
    String id();

    /** The plugin's bindings; contribute actions with {@code DialogueActions.bind(binder(), name)}. */
    com.google.inject.Module module();

    /** The presets this plugin ships, usually as resources next to its classes. */
    default List<PresetResource> presets() {
        return List.of();
    }

    /**
     * The typed bindings of the settings of this plugin's presets, at most one per preset. When a bot
     * enables one of them, its merged settings are bound once, at load time, and kept on the bot
     * ({@code bot.definition().settings(Type.class)}).
     */
    default List<PresetSettings<?>> settings() {
        return List.of();
    }
}
