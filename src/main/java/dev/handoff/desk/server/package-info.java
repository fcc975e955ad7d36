/**
 * The desk over netty-socketio: {@link dev.handoff.desk.server.DeskService} starts the database, the
 * server and the timers; the endpoints decode {@code /live_agent} and {@code /agents} events into the
 * core's commands and guard them, so no payload can crash the desk or disturb another connection. The
 * only desk package that imports the wire records ({@code dev.handoff.protocol}) and maps them onto the
 * core's own types. Handlers run on netty's threads and call the core, which serializes them. The
 * agents' console is served on the same port ({@link dev.handoff.desk.server.ConsoleHttpHandler}: its
 * files, and the password sign-in whose session cookie {@code /agents} accepts).
 */
package dev.handoff.desk.server;
