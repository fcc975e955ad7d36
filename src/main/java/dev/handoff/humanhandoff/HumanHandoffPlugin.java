package dev.handoff.humanhandoff;

import com.google.inject.Module;
import dev.handoff.plugin.DialoguePlugin;
import dev.handoff.plugin.PresetResource;
import dev.handoff.preset.PresetSettings;
import java.util.List;

/** The human handoff plugin: the {@code human_handoff} preset and the action that executes it. */
public final class HumanHandoffPlugin implements DialoguePlugin {
    @Override
    public String id() {
        return "human_handoff";
    }

    @Override
    public Module module() {
        return new HumanHandoffModule();
    }

    @Override
    public List<PresetResource> presets() {
        return List.of(PresetResource.classpath(HumanHandoffPlugin.class, "presets/human_handoff.yaml"));
    }

    @Override
    public List<PresetSettings<?>> settings() {
        return List.of(new PresetSettings<>(HandoffSettings.PRESET, HandoffSettings.class, HandoffSettings::bind));
    }
}
