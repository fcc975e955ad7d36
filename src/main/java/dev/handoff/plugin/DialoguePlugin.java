package dev.handoff.plugin;

import dev.handoff.preset.PresetSettings;
import java.util.List;

/**
 * A dialogue plugin, found with {@link java.util.ServiceLoader} at startup (list the class in
 * {@code META-INF/services/dev.handoff.plugin.DialoguePlugin}). It contributes a Guice module (for
 * example the actions it binds), the presets it ships and the typed binding of their settings.
 *
 * <h2>Life cycle and threads</h2>
 *
 * <ol>
 *   <li>The plugin is constructed with its public no-argument constructor, on the thread that builds
 *       the {@code HandoffRuntime} (in the command line: the main thread), once per runtime.
 *   <li>{@link #id()} is called right after, to check that no two plugins share an id.
 *   <li>{@link #presets()} and {@link #settings()} are called once each, on the same thread, while the
 *       preset catalog is built; plugins are visited in {@code ServiceLoader} order.
 *   <li>{@link #module()} is called once, on the same thread, when the injector is created, after
 *       every plugin's presets are read.
 * </ol>
 *
 * None of these methods is called concurrently with another for one plugin, and none is called again
 * once the runtime is built. They must not do I/O (connections open when they are first used), must
 * not block, and may not call into the runtime, which does not exist yet. A bound setting
 * ({@link PresetSettings#bind}) runs later, on whichever thread loads a bot.
 *
 * <h2>Stability</h2>
 *
 * <b>Stable</b> since 0.1: the methods keep their meaning; a new method comes with a default.
 */
public interface DialoguePlugin {

    /** A unique id, such as {@code human_handoff}. Two plugins with one id stop startup, naming both. */
    String id();

    /** The plugin's bindings; contribute actions with {@code DialogueActions.bind(binder(), name)}. */
    com.google.inject.Module module();

    /**
     * The presets this plugin ships, usually as resources next to its classes. A broken preset file
     * stops startup with every problem and its location.
     */
    default List<PresetResource> presets() {
        return List.of();
    }

    /**
     * The typed bindings of the settings of this plugin's presets, at most one per preset. When a bot
     * enables one of them, its merged settings are bound once, at load time, and kept on the bot
     * ({@code bot.definition().settings(Type.class)}). A binding for a preset the plugin does not ship
     * is never used.
     */
    default List<PresetSettings<?>> settings() {
        return List.of();
    }
}
