/**
 * The embedded live-agent desk: the server side of PROTOCOL.md on {@code /live_agent} plus a help desk
 * for agents on {@code /agents}. {@link dev.handoff.desk.DeskModule} binds it; the sub-packages hold
 * the rules ({@code core}), what agents receive ({@code api}), the sockets ({@code server}), the
 * database ({@code store}) and {@code desk.yaml} ({@code config}).
 */
package dev.handoff.desk;
