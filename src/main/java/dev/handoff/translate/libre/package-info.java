/**
 * LibreTranslate's HTTP API, which self-hosted LibreTranslate servers and some other servers speak: {@link
 * dev.handoff.translate.libre.LibreTranslator}. The optional key travels as {@code api_key} in the JSON body, never
 * in the URL.
 */
package dev.handoff.translate.libre;
