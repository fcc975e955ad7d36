package dev.handoff.desk.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A message's translation as agents see it ({@link MessageView#translation()}): for a user or bot message, the
 * text in the reader's {@code language}; for an agent message, what the user was sent, in the user's language.
 * {@code engine} names who translated ({@code apertium}, {@code memory}, ...). A translation that failed has
 * {@code text} {@code null} and {@code error} one of {@code timeout}, {@code rate_limited}, {@code unavailable},
 * {@code unsupported_pair}, {@code unauthorized}, {@code rejected}: the original is shown (for an agent message:
 * the original was sent as written).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TranslationView(String text, String language, String engine, String error) {}
