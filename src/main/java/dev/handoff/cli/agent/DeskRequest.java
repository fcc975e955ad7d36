package dev.handoff.cli.agent;

/**
 * One request for the desk: an agent → desk event of {@link dev.handoff.desk.api.AgentEvents} and
 * its payload, a record of {@link dev.handoff.desk.api.Requests}, or {@code null} for an event
 * without one ({@code queue}), sent as an empty object.
 */
record DeskRequest(String event, Record payload) {}
