/**
 * Benchmarks of the desk: not tests, each is a {@code main} (smoke tests run {@link
 * dev.handoff.desk.bench.ClusterBenchmark}'s and {@link dev.handoff.desk.bench.DeskScaleBenchmark}'s code with tiny
 * numbers in the suite); their numbers are in the README's "Benchmarks".
 */
package dev.handoff.desk.bench;
