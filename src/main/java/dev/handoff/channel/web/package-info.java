/**
 * The bot server: one netty-socketio server on one port with Socket.IO ({@code channel.rasa}) and HTTP (the
 * chat page, the embeddable {@code widget.js}, {@code channel.rest}) in its pipeline, an Origin allowlist at
 * the front, and {@link dev.handoff.channel.web.ChannelModule} wiring it all.
 */
package dev.handoff.channel.web;
