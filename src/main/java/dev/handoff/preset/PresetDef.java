package dev.handoff.preset;

import dev.handoff.yaml.Loc;
import dev.handoff.yaml.YNode;

/**
 * A preset as written: its settings' defaults and its intents and streams, which may refer to a
 * setting as {@code ${name}}. Bound into a bot when the bot enables it.
 */
public record PresetDef(String name, String description, YNode.YMap settings, YNode intents, YNode streams, Loc loc) {}
