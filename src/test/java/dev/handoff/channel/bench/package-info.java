/** Benchmarks of the bot server (not tests: each is a {@code main}); their numbers are in the README's "Benchmarks". */
package dev.handoff.channel.bench;
