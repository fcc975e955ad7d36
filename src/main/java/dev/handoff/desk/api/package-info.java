/**
 * What agents exchange with the desk on {@code /agents}: event names ({@link dev.handoff.desk.api.AgentEvents}),
 * the typed events the desk sends ({@link dev.handoff.desk.api.AgentEvent}), the request records agents
 * send ({@link dev.handoff.desk.api.Requests}) and the view records, whose JSON is the wire shape. Immutable
 * values only; imports Jackson annotations and nothing else of the project.
 */
package dev.handoff.desk.api;
