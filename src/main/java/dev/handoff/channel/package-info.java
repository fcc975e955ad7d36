/**
 * The users' channels' core, free of any transport: a {@link dev.handoff.channel.Session} per user (a browser,
 * a REST sender) mapped onto one conversation of {@link dev.handoff.routing.Conversations}, its bounded
 * {@link dev.handoff.channel.Transcripts} (what a reloaded page shows again), the turns run off the transports'
 * threads one at a time per session, and the typed errors a transport reports ({@link
 * dev.handoff.channel.ChannelError}). The transports are {@code channel.rasa} (Rasa's Socket.IO protocol),
 * {@code channel.rest} (Rasa's REST webhook) and {@code channel.web} (the server, its pages and the widget).
 */
package dev.handoff.channel;
