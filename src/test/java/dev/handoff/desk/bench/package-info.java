/**
 * Benchmarks of the desk: not tests, each is a {@code main} (a smoke test runs {@link
 * dev.handoff.desk.bench.ClusterBenchmark}'s code with tiny numbers in the suite); their numbers are in the README's
 * "Benchmarks".
 */
package dev.handoff.desk.bench;
