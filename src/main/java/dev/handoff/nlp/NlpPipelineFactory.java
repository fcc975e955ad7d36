package dev.handoff.nlp;

/** Builds an {@link NlpPipeline} for one bot from its intents' examples, at startup. */
public interface NlpPipelineFactory {
    NlpPipeline train(TrainingData data);
}
