/**
 * The NLP pipeline port ({@link dev.handoff.nlp.NlpPipeline}, built per bot by an
 * {@link dev.handoff.nlp.NlpPipelineFactory}) and its settings; {@code opennlp} is the built-in engine.
 */
package dev.handoff.nlp;
