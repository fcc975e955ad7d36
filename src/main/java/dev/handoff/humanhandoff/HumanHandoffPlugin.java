package dev.handoff.humanhandoff;

import com.google.inject.Module;
import dev.handoff.plugin.DialoguePlugin;
import dev.handoff.plugin.PresetResource;
import dev.handoff.preset.PresetCatalog;
import java.util.List;
import java.util.Optional;

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
    public Optional<PresetCatalog.SettingsCheck> settingsCheck(String preset) {
        return HandoffSettings.PRESET.equals(preset)
                ? Optional.of((settings, binder) -> HandoffSettings.bind(settings, binder))
                : Optional.empty();
    }
}
