/**
 * The command line (picocli): {@code chat}, {@code validate}, {@code desk}, {@code agent}, {@code demo}.
 * Commands wire a {@link dev.handoff.HandoffRuntime} or a desk and are the terminal channel; {@code agent}
 * is the agents' terminal client.
 */
package dev.handoff.cli;
