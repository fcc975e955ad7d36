/**
 * Apertium's APY server: {@link dev.handoff.translate.apertium.ApertiumTranslator}. APY speaks ISO 639-3 codes
 * ({@code eng}, {@code spa}, {@code afr}); the adapter maps them from and to the platform's ({@link
 * dev.handoff.translate.apertium.LanguageCodes}).
 */
package dev.handoff.translate.apertium;
