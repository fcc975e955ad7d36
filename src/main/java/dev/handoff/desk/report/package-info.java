/**
 * The desk's reports, computed from the chat facts stored with each chat ({@code desk_chats}: created,
 * assigned, first reply, resolved, archived, rating): per day, department and agent, the chats, the
 * median and 90th percentile of wait, first response and handle time, abandonment and satisfaction.
 * {@link dev.handoff.desk.report.Reports} reads them on a connection of its own, read-only; the CLI's
 * {@code desk report} and the console's Reporting view ({@code /api/report}) both use it, and both write
 * the same CSV ({@link dev.handoff.desk.report.ReportCsv}). Knows no socket, no wire and no desk core.
 */
package dev.handoff.desk.report;
