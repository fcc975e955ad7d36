/**
 * Cluster mode (README "Run a cluster"): a {@link dev.handoff.desk.cluster.ClusterNode} per desk process. The
 * leader runs the desk; the others reach it through {@link dev.handoff.desk.cluster.RemoteDesk} and {@link
 * dev.handoff.desk.cluster.LeaderDesk}; socket work crosses through {@link dev.handoff.desk.cluster.ClusterConnections}
 * and {@link dev.handoff.desk.cluster.NodeRelay}. Beneath: the Redis {@link dev.handoff.desk.cluster.ClusterBus}
 * (pub/sub with bounded queues, reconnecting by itself) and its request/reply helper {@link
 * dev.handoff.desk.cluster.Requests}; the leader's election through a PostgreSQL advisory lock ({@link
 * dev.handoff.desk.cluster.Leadership}), on whose connection the leader writes; the nodes' presence
 * ({@link dev.handoff.desk.cluster.Presence}); the agents' console sign-in sessions every node accepts
 * ({@link dev.handoff.desk.cluster.SharedConsoleSessions}: Redis keys holding only the SHA-256 of a session id).
 *
 * <p>Threads: no callback of this package runs on Lettuce's event loop nor on a Socket.IO thread; each class says
 * which thread runs its callbacks. Lettuce is imported here and nowhere else; {@code desk.core} never imports this
 * package (the core stays one desk; the cluster drives it from outside).
 */
package dev.handoff.desk.cluster;
