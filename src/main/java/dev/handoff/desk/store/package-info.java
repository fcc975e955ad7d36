/**
 * Where the desk keeps chats, messages, contacts and assignments: the {@link dev.handoff.desk.store.ChatStore}
 * port and its JDBC implementation (H2 or PostgreSQL, schema migrated by Flyway). Every write is durable
 * when the method returns; implementations are thread-safe. May import {@code desk.api} (the contact);
 * never the wire nor the core.
 */
package dev.handoff.desk.store;
