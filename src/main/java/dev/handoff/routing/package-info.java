/**
 * The entrance a channel calls ({@link dev.handoff.routing.Conversations}: open, send, close) and the
 * routing table ({@link dev.handoff.routing.Router}): each turn goes either to the
 * {@link dev.handoff.routing.Takeover} that holds the conversation (a live agent) or to the dialogue
 * engine, never both. Sits above {@code dialogue}; nothing below imports it back.
 */
package dev.handoff.routing;
