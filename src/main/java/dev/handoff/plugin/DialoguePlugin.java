package dev.handoff.plugin;

import dev.handoff.preset.PresetCatalog;
import java.util.List;
import java.util.Optional;

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

    /** A check of the merged settings of one of this plugin's presets, run when a bot enables it. */
    default Optional<PresetCatalog.SettingsCheck> settingsCheck(String preset) {
        return Optional.empty();
    }
}
