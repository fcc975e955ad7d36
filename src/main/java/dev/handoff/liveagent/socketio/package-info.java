/**
 * The live-agent port over Socket.IO: one connection per conversation to {@code <url>/live_agent}. The session
 * logic ({@code SocketIoSession}, {@code SocketIoRating}) speaks to a {@code Wire}; {@code IoSocketWire} carries it
 * on socket.io-client-java 2.x (with {@code cli.agent}'s connection, the only code that imports {@code io.socket}),
 * {@code NettyWire} on the client's shared Netty event loop, over its transports {@code NettyWebSocket} and {@code
 * NettyPolling} (HTTP long-polling); they, {@code NettyTransport} and {@code NettyEndpoint} are the only code here
 * that imports {@code io.netty}. With several URLs, {@code FailoverWire} puts one such wire per URL behind one, and
 * moves to the next URL after a failure, for either implementation; ratings try the URLs in order themselves. All of
 * a session's socket state lives on its wire's thread; listener calls go to a per-session serial executor on a
 * fixed pool of a few threads shared by every session ({@code SocketIoSettings.listenerThreads}); {@code NettyWire}
 * is the default implementation.
 */
package dev.handoff.liveagent.socketio;
