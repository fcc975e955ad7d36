package dev.handoff.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import dev.handoff.nlp.opennlp.OpenNlpPipelineFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NlpModuleTest {

    @Test
    void bindsTheBuiltInPipelineFactoryWithDefaultSettings() {
        var injector = Guice.createInjector(new NlpModule());

        assertThat(injector.getInstance(NlpPipelineFactory.class)).isInstanceOf(OpenNlpPipelineFactory.class);
        assertThat(injector.getInstance(NlpSettings.class)).isEqualTo(NlpSettings.defaults());
    }

    @Test
    void theFactoryUsesTheSettingsGivenToTheModule() {
        var strict = NlpSettings.defaults().withConfidenceThreshold(1.0);
        var data = new TrainingData(
                Map.of("en", Map.of("greet", List.of("hello", "hi"), "goodbye", List.of("bye", "goodbye"))));

        var lenient = Guice.createInjector(new NlpModule())
                .getInstance(NlpPipelineFactory.class)
                .train(data);
        var demanding = Guice.createInjector(new NlpModule(strict))
                .getInstance(NlpPipelineFactory.class)
                .train(data);

        assertThat(lenient.interpret("en", "hello").understood()).isTrue();
        assertThat(demanding.interpret("en", "hello").understood()).isFalse();
    }
}
