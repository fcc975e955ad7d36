/**
 * The users' REST channel, compatible with Rasa's {@code rest} input channel ({@code POST
 * /webhooks/rest/webhook}), plus {@code GET /webhooks/rest/messages} for what comes later (an agent's
 * messages, handoff notices), optionally long-polled. Transport-free: it takes a request's parts and answers
 * a status and a JSON body; {@code channel.web} serves it over HTTP.
 */
package dev.handoff.channel.rest;
