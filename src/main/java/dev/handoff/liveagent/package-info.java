/**
 * The live-agent port: {@link dev.handoff.liveagent.LiveAgentClient} opens one session per handed-off
 * conversation and reports to a {@link dev.handoff.liveagent.LiveAgentListener}. Its records are the
 * port's own; {@code socketio} is the adapter that speaks PROTOCOL.md.
 */
package dev.handoff.liveagent;
