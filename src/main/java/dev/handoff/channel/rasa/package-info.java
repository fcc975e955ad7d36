/**
 * The users' Socket.IO channel in Rasa's {@code socketio} protocol (namespace {@code /}, path {@code
 * /socket.io/}): {@code session_request} / {@code session_confirm}, {@code user_uttered} / {@code bot_uttered}
 * with menus as {@code quick_replies}, so that widgets written for Rasa work unchanged. Our additions, which
 * other widgets ignore: {@code metadata: {from, seq, agent?}} on {@code bot_uttered}, the events {@code
 * handoff_status}, {@code chat_history} (only when asked) and {@code error}. Registers listeners on a
 * netty-socketio server; never blocks its event threads (turns run on the sessions' workers).
 */
package dev.handoff.channel.rasa;
