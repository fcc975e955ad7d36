package dev.handoff.nlp;

/**
 * Builds an {@link NlpPipeline} for one bot from its intents' examples. Bind your own in Guice to
 * plug in another NLP service; {@link NlpModule} binds the built-in one.
 *
 * <p><b>Threading.</b> {@link #train} is called once per bot when the bot is loaded, on the loading
 * thread, before any conversation with that bot opens; it may take seconds and may block. The
 * pipeline it returns is then called from many conversations' threads at once and must be
 * thread-safe and fast (it runs with the conversation's lock held).
 *
 * <p><b>Ordering.</b> A bot is trained once; bots are never retrained in place. Languages without
 * examples are present in {@link TrainingData} with no intents; the pipeline must then answer
 * "not understood" for them.
 *
 * <p><b>Stability.</b> Stable SPI.
 */
public interface NlpPipelineFactory {
    NlpPipeline train(TrainingData data);
}
