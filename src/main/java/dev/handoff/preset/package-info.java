/**
 * The bot and preset model and its loader.
 *
 * <ul>
 *   <li>The model: {@link dev.handoff.preset.BotDef} (a loaded bot: intents, responses, streams and
 *       the typed settings of its presets), {@link dev.handoff.preset.StreamDef},
 *       {@link dev.handoff.preset.Step}, {@link dev.handoff.preset.Text}, {@link dev.handoff.preset.PresetDef}.
 *   <li>The loader: {@link dev.handoff.preset.BotLoader} orchestrates; {@code PresetMerger} enables
 *       presets (override keys, merge, {@code ${placeholder}} substitution, the typed binding of
 *       {@link dev.handoff.preset.PresetSettings}); {@code StreamReader} reads intents, texts and
 *       streams; {@code CrossChecks} runs the rules that need the whole bot, one method and one
 *       {@link dev.handoff.yaml.ProblemCode} per rule.
 *   <li>{@link dev.handoff.preset.Validator} checks bot and preset files for {@code validate}.
 * </ul>
 *
 * <p>Reading and problems come from {@link dev.handoff.yaml}; this package knows nothing of
 * conversations ({@code dialogue}) or plugins ({@code plugin}), which depend on it.
 */
package dev.handoff.preset;
