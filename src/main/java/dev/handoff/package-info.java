/**
 * handoff: human handoff for chatbots. {@link dev.handoff.HandoffRuntime} is the composition root: it
 * finds the plugins, builds the Guice injector and hands out the entrance channels call
 * ({@link dev.handoff.routing.Conversations}). The packages below depend one way only:
 * {@code cli → routing → dialogue → {preset, nlp}}; {@code humanhandoff → routing, dialogue, liveagent};
 * the Socket.IO adapters ({@code liveagent.socketio}, {@code desk.server}, {@code cli.agent}) are the
 * only importers of {@code protocol}. {@code ArchitectureTest} pins it.
 */
package dev.handoff;
