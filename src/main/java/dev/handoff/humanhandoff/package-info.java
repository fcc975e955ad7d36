/**
 * The {@code human_handoff} plugin: its preset's typed settings, the action that executes the handoff
 * ({@link dev.handoff.humanhandoff.HandoffExecutor}) and the per-conversation state machine
 * ({@link dev.handoff.humanhandoff.Handoff}: with the bot, connecting, with the agent, back with the bot,
 * failed). Uses the live-agent port, never a transport.
 */
package dev.handoff.humanhandoff;
