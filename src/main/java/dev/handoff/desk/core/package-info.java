/**
 * The desk's rules without sockets: {@link dev.handoff.desk.core.HelpDesk} is the façade (commands, the
 * one lock, the outbox calls) over the {@code Chat} entity, the assignment policy, the timer rules and
 * the views. Everything is called under the desk's lock, from socket threads and the timer thread; the
 * {@link dev.handoff.desk.core.DeskOutbox} must not block. The endpoints reach it through the asynchronous
 * {@link dev.handoff.desk.core.Desk} port ({@link dev.handoff.desk.core.LocalDesk} in this process). May import {@code desk.api}, {@code desk.config}
 * and {@code desk.store}; never the wire ({@code dev.handoff.protocol}) nor Socket.IO.
 */
package dev.handoff.desk.core;
