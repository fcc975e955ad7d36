/**
 * The agent terminal ({@code handoff agent}): a line client for the desk's {@code /agents} namespace.
 *
 * <ul>
 *   <li>{@link dev.handoff.cli.agent.AgentTerminal}: the entry point; wires the parts below, returns the
 *       exit code.
 *   <li>{@link dev.handoff.cli.agent.AgentConnection}: Socket.IO (the one class of {@code cli} that
 *       imports {@code io.socket}); decodes the desk's events into the records of
 *       {@link dev.handoff.desk.api} and encodes {@link dev.handoff.desk.api.Requests}.
 *   <li>{@link dev.handoff.cli.agent.AgentCommands}: one typed line → one command; pure.
 *   <li>{@link dev.handoff.cli.agent.AgentScreen}: the terminal's state and every line it prints, made
 *       {@link dev.handoff.cli.agent.Visible} (no control character from the desk reaches the terminal).
 * </ul>
 *
 * <p>Threads: the caller of {@code run()} reads and parses the input; socket.io-client-java's event
 * thread decodes the desk's events; one "agent-screen" thread applies both, in arrival order, and is
 * the only one that touches the screen's state or prints.
 */
package dev.handoff.cli.agent;
