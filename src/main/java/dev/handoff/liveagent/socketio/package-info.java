/**
 * The live-agent port over Socket.IO (socket.io-client-java 2.x): one connection per conversation to
 * {@code <url>/live_agent}. With {@code cli.agent}'s connection, the only code that imports
 * {@code io.socket}. All socket state lives on the library's event thread; listener calls go to a
 * per-session serial executor on a shared pool.
 */
package dev.handoff.liveagent.socketio;
