/**
 * PROTOCOL.md's records and event names, exactly as the seed's JavaScript client spells them: the
 * protocol kernel. Imported only by the Socket.IO adapters (the bot-side client and the desk's
 * server endpoints); every other package uses its own domain types.
 */
package dev.handoff.protocol;
