/**
 * The desk's settings: {@code desk.yaml} read into the immutable {@link dev.handoff.desk.config.DeskConfig}
 * (departments, agents, timers, limits), with errors that name the file and the key. Values only; imports
 * nothing else of the desk.
 */
package dev.handoff.desk.config;
