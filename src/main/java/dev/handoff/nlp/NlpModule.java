package dev.handoff.nlp;

import com.google.inject.AbstractModule;
import dev.handoff.nlp.opennlp.OpenNlpPipelineFactory;
import java.util.Objects;

/**
 * Binds the built-in NLP pipeline: {@link NlpPipelineFactory} to the OpenNLP intent classifier,
 * and its {@link NlpSettings}. No I/O here: models are trained when the bot starts, by whoever
 * calls {@link NlpPipelineFactory#train}.
 */
public final class NlpModule extends AbstractModule {

    private final NlpSettings settings;

    public NlpModule() {
        this(NlpSettings.defaults());
    }

    public NlpModule(NlpSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    protected void configure() {
        bind(NlpSettings.class).toInstance(settings);
        bind(NlpPipelineFactory.class).to(OpenNlpPipelineFactory.class);
    }
}
