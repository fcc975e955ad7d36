/**
 * Conversations and the dialogue engine: a turn for the bot goes through the NLP pipeline to a
 * stream, whose elements (say, buttons, form, action) run in order. Actions come from plugins
 * ({@link dev.handoff.dialogue.DialogueAction}); replies leave through a
 * {@link dev.handoff.dialogue.UserChannel}. No wire types and no routing here: who holds a
 * conversation is {@code routing}'s business. A conversation's lock guards every change to it.
 */
package dev.handoff.dialogue;
