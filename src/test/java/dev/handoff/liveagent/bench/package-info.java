/**
 * Benchmarks of the bot side's live-agent client: not tests, each is a {@code main} (a smoke test runs {@link
 * dev.handoff.liveagent.bench.LiveAgentTransportBenchmark}'s short mode in the suite); their numbers are in the
 * README's "Benchmarks".
 */
package dev.handoff.liveagent.bench;
