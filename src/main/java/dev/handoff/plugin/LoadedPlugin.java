package dev.handoff.plugin;

/** A plugin and where its class was loaded from (a jar or a class folder). */
public record LoadedPlugin(DialoguePlugin plugin, String source) {
    public String id() {
        return plugin.id();
    }
}
