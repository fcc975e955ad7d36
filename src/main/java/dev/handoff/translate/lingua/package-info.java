/**
 * The {@link dev.handoff.translate.LanguageDetector} port on lingua (offline n-gram models, Maven Central), and
 * its Guice module. Only the models of the languages the platform can use are shipped in the jar.
 */
package dev.handoff.translate.lingua;
