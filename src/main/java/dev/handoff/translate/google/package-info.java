/**
 * Google Cloud Translation, Basic edition (v2 REST), with an API key: {@link
 * dev.handoff.translate.google.GoogleTranslator}. The key travels in the {@code X-Goog-Api-Key} header, never in the
 * URL; texts are sent with {@code format: text}, so answers are plain text, not HTML-escaped.
 */
package dev.handoff.translate.google;
