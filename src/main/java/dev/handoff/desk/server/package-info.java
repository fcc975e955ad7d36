/**
 * The desk over netty-socketio: {@link dev.handoff.desk.server.DeskService} starts the database, the
 * server and the timers; the endpoints decode {@code /live_agent} and {@code /agents} events into the
 * core's commands and guard them, so no payload can crash the desk or disturb another connection. The
 * only desk package that imports the wire records ({@code dev.handoff.protocol}) and maps them onto the
 * core's own types. Handlers run on netty's threads and call the core through its asynchronous {@link
 * dev.handoff.desk.core.Desk} port, each connection's calls in order ({@link dev.handoff.desk.server.CallChain}).
 *
 * <p>The doors in front of the endpoints (README "Securing the desk"): {@link
 * dev.handoff.desk.server.DeskChannelInitializer} builds each connection's pipeline (TLS, {@link
 * dev.handoff.desk.server.HttpGate} for Origin, request shape, body size and per-address caps, {@link
 * dev.handoff.desk.server.PacketGate} so every CONNECT meets its namespace's auth listeners), {@link
 * dev.handoff.desk.server.AdmittedNamespace} checks the Origin per namespace and keeps refused
 * connections from the endpoints, {@link dev.handoff.desk.server.ConnectionGate} counts connections per
 * address, and {@link dev.handoff.desk.server.ConnectionLog} bounds what a client can make the desk log.
 *
 * <p>The agents' console is served on the same port ({@link dev.handoff.desk.server.ConsoleHttpHandler}: its
 * files, and the password sign-in whose session cookie {@code /agents} accepts). In cluster mode every
 * node accepts its sessions: {@link dev.handoff.desk.server.SharedSessions} wires them to {@code
 * desk.cluster}'s shared sessions ({@code desk.cluster} never imports this package).
 */
package dev.handoff.desk.server;
