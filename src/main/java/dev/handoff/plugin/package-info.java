/**
 * The plugin SPI and its loader: {@link dev.handoff.plugin.DialoguePlugin} (a Guice module, presets,
 * typed preset settings), {@link dev.handoff.plugin.PresetResource} (a preset file a plugin ships)
 * and {@link dev.handoff.plugin.PluginLoader}, which finds the plugins with {@code ServiceLoader},
 * rejects two with one id, and reads their presets into a {@link dev.handoff.preset.PresetCatalog}.
 *
 * <p>The typed settings type, {@link dev.handoff.preset.PresetSettings}, lives in {@code preset}
 * because the bot loader binds it and {@code preset} must not depend on this package.
 */
package dev.handoff.plugin;
