/**
 * Fuzz tests (Jazzer): every input, however malformed, either loads or fails with the project's own
 * located error, within a bounded time, and never with another exception. The normal test run only
 * replays the seeds kept in {@code src/test/resources/dev/handoff/fuzz/*Inputs/}; fuzz longer with
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=CLASS#METHOD -Djazzer.max_duration=10m} (README "Test"). A
 * crash found is written next to the seeds: keep it there once fixed.
 */
package dev.handoff.fuzz;
