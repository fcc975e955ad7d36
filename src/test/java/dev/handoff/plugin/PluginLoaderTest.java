package dev.handoff.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import dev.handoff.humanhandoff.HumanHandoffPlugin;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginLoaderTest {

    static final class SecondHandoff implements DialoguePlugin {
        @Override
        public String id() {
            return "human_handoff";
        }

        @Override
        public Module module() {
            return new AbstractModule() {};
        }
    }

    @Test
    void theHumanHandoffPluginIsFoundOnTheClassPathWithItsPreset() {
        List<LoadedPlugin> plugins = PluginLoader.discover(getClass().getClassLoader());
        assertThat(plugins).extracting(LoadedPlugin::id).contains("human_handoff");
        assertThat(plugins).allSatisfy(p -> assertThat(p.source()).isNotBlank());
        assertThat(PluginLoader.presets(plugins).names()).contains("human_handoff");
    }

    @Test
    void twoPluginsWithOneIdAreAnErrorNamingBoth() {
        assertThatThrownBy(() -> PluginLoader.check(List.of(new HumanHandoffPlugin(), new SecondHandoff())))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("two dialogue plugins have the id 'human_handoff'")
                .hasMessageContaining(HumanHandoffPlugin.class.getName())
                .hasMessageContaining(SecondHandoff.class.getName())
                .hasMessageContaining("from ");
    }

    @Test
    void aPluginWhosePresetIsBrokenStopsStartupWithThePresetsLocation() {
        DialoguePlugin broken = new DialoguePlugin() {
            @Override
            public String id() {
                return "broken";
            }

            @Override
            public Module module() {
                return new AbstractModule() {};
            }

            @Override
            public List<PresetResource> presets() {
                return List.of(PresetResource.classpath(PluginLoaderTest.class, "validate/tabs.yaml"));
            }
        };
        assertThatThrownBy(() -> PluginLoader.presets(PluginLoader.check(List.of(broken))))
                .hasMessageContaining("validate/tabs.yaml:5:1")
                .hasMessageContaining("indent with spaces, not tabs");
    }
}
