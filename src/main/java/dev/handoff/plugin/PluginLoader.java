package dev.handoff.plugin;

import dev.handoff.preset.PresetCatalog;
import dev.handoff.preset.PresetException;
import dev.handoff.preset.PresetSettings;
import dev.handoff.yaml.Problems;
import dev.handoff.yaml.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the {@link DialoguePlugin}s on the class path and reads the presets they ship. */
public final class PluginLoader {
    private static final Logger log = LoggerFactory.getLogger(PluginLoader.class);

    private PluginLoader() {}

    /** Every plugin found with {@link ServiceLoader} in {@code loader}; two with one id are an error naming both. */
    public static List<LoadedPlugin> discover(ClassLoader loader) {
        List<DialoguePlugin> found = new ArrayList<>();
        try {
            ServiceLoader.load(DialoguePlugin.class, loader).forEach(found::add);
        } catch (ServiceConfigurationError e) {
            throw new PluginException("a dialogue plugin could not be loaded: " + e.getMessage(), e);
        }
        return check(found);
    }

    /** The plugins given, checked for duplicate ids (for tests and embedding). */
    public static List<LoadedPlugin> check(List<DialoguePlugin> plugins) {
        Map<String, LoadedPlugin> byId = new LinkedHashMap<>();
        for (DialoguePlugin plugin : plugins) {
            var loaded = new LoadedPlugin(plugin, sourceOf(plugin.getClass()));
            LoadedPlugin other = byId.putIfAbsent(plugin.id(), loaded);
            if (other != null) {
                throw new PluginException("two dialogue plugins have the id '" + plugin.id() + "': "
                        + other.plugin().getClass().getName() + " (from " + other.source() + ") and "
                        + plugin.getClass().getName() + " (from " + loaded.source()
                        + "); remove one of them or give it another id");
            }
        }
        byId.values()
                .forEach(p -> log.info(
                        "Loaded dialogue plugin '{}' ({}) from {}",
                        p.id(),
                        p.plugin().getClass().getName(),
                        p.source()));
        return List.copyOf(byId.values());
    }

    /** The presets all plugins ship, with their settings checks; a broken preset fails with its locations. */
    public static PresetCatalog presets(List<LoadedPlugin> plugins) {
        var catalog = new PresetCatalog();
        var reader = new YamlReader();
        var problems = new Problems();
        for (LoadedPlugin loaded : plugins) {
            for (PresetResource resource : loaded.plugin().presets()) {
                byte[] bytes;
                try (InputStream in = resource.url().openStream()) {
                    bytes = in.readAllBytes();
                } catch (IOException e) {
                    throw new PluginException(
                            "plugin '" + loaded.id() + "': cannot read preset " + resource.name() + ": "
                                    + e.getMessage(),
                            e);
                }
                PresetCatalog.parse(resource.name(), bytes, reader, problems).ifPresent(preset -> {
                    catalog.add(preset, settingsOf(loaded, preset.name()));
                    log.info("Plugin '{}' provides preset '{}' ({})", loaded.id(), preset.name(), resource.name());
                });
            }
        }
        problems.throwIfErrors(PresetException::new);
        return catalog;
    }

    private static Optional<PresetSettings<?>> settingsOf(LoadedPlugin loaded, String preset) {
        return loaded.plugin().settings().stream()
                .filter(s -> s.preset().equals(preset))
                .findFirst();
    }

    private static String sourceOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null
                ? "the JDK class path"
                : source.getLocation().toString();
    }
}
