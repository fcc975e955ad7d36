package dev.handoff.plugin;

import java.net.URL;
import java.util.Objects;

/** A preset file a plugin ships: a display name for messages (usually its path) and where to read it. */
public record PresetResource(String name, URL url) {
    public PresetResource {
        Objects.requireNonNull(url, () -> "preset resource '" + name + "' was not found on the class path");
    }

    /** The resource at {@code path} (no leading slash) of the plugin class's class loader. */
    public static PresetResource classpath(Class<?> owner, String path) {
        return new PresetResource(path, owner.getClassLoader().getResource(path));
    }
}
