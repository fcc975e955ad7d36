/**
 * Where the desk keeps chats, messages, contacts and assignments: the {@link dev.handoff.desk.store.ChatStore}
 * port, its JDBC implementation (H2 or PostgreSQL, schema migrated by Flyway; every write committed when the
 * method returns) and {@link dev.handoff.desk.store.WriteBehindChatStore}, which queues writes to one writer
 * thread and keeps open chats in memory so that no caller waits for the database. Implementations are
 * thread-safe. May import {@code desk.api} (the contact); never the wire nor the core.
 */
package dev.handoff.desk.store;
