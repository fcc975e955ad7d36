/**
 * The conversation store: what a bot process keeps of its conversations so that another process (the same
 * bot restarted) goes on with them. The port {@link dev.handoff.conversation.ConversationStore}, its JDBC
 * implementation (H2 by default, or PostgreSQL; schema migrated by Flyway from {@code db/conversations}, tables
 * named {@code conv_*} so the desk's database can hold them too) and the Guice module that binds it. Without
 * that module nothing is stored and conversations live in memory only.
 */
package dev.handoff.conversation;
