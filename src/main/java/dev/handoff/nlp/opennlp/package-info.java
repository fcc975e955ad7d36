/**
 * The built-in NLP pipeline: one Apache OpenNLP maxent classifier per language over word and
 * character n-grams, with an out-of-domain gate. Trained at startup; thread-safe once trained.
 */
package dev.handoff.nlp.opennlp;
