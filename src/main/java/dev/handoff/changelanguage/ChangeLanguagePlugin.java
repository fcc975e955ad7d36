package dev.handoff.changelanguage;

import com.google.inject.Module;
import dev.handoff.plugin.DialoguePlugin;
import dev.handoff.plugin.PresetResource;
import java.util.List;

/** The change_language plugin: the {@code change_language} preset and the action it runs. */
public final class ChangeLanguagePlugin implements DialoguePlugin {
    @Override
    public String id() {
        return ChangeLanguageAction.PRESET;
    }

    @Override
    public Module module() {
        return new ChangeLanguageModule();
    }

    @Override
    public List<PresetResource> presets() {
        return List.of(PresetResource.classpath(ChangeLanguagePlugin.class, "presets/change_language.yaml"));
    }
}
