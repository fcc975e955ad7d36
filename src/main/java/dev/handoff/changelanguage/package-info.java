/**
 * The {@code change_language} plugin: its preset (a stream that asks the user which of the bot's languages
 * to speak) and the action that switches the conversation to the chosen one ({@link
 * dev.handoff.changelanguage.ChangeLanguageAction}). Knows the dialogue only, never a channel or a transport.
 */
package dev.handoff.changelanguage;
