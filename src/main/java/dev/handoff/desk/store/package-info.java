/**
 * Where the desk keeps chats, messages, contacts and assignments: the {@link dev.handoff.desk.store.ChatStore}
 * port, its JDBC implementation (H2 or PostgreSQL, schema migrated by Flyway; every write committed on one
 * connection when the method returns, reads on a small pool beside it) and {@link
 * dev.handoff.desk.store.WriteBehindChatStore}, which queues writes (a bounded queue) to one writer thread that
 * commits them in groups and keeps open chats in memory so that no caller waits for the database. Implementations are
 * thread-safe. May import {@code desk.api} (the contact); never the wire nor the core.
 */
package dev.handoff.desk.store;
