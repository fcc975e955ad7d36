-- Per-chat facts for metrics and reports (issue 12), kept with the chat so reports survive restarts and are
-- computed from the database. Times are epoch milliseconds (UTC); NULL: it has not happened (yet).
--   assigned_at     the first time an agent had the chat (took it, was assigned it): wait = assigned_at - created_at
--   first_agent     that first agent's name
--   first_reply_at  the first message an agent wrote in it: first response = first_reply_at - created_at
--   resolved_at     an agent resolved it (archive_reason 'resolved'): handle = resolved_at - assigned_at
--   transfers       how many times it was transferred (to an agent or to a department)
--   user_messages   messages from the user during the live chat (not the bot history)
--   agent_messages  messages from agents
--   rating          the user's satisfaction rating, 1 to 5 (the rating addition), rating_comment its comment,
--   rated_at        when the desk stored it
-- Abandoned: archived with no agent ever assigned (assigned_at IS NULL). Portable between H2 2.x and PostgreSQL.
ALTER TABLE desk_chats ADD COLUMN assigned_at BIGINT;
ALTER TABLE desk_chats ADD COLUMN first_agent VARCHAR(200);
ALTER TABLE desk_chats ADD COLUMN first_reply_at BIGINT;
ALTER TABLE desk_chats ADD COLUMN resolved_at BIGINT;
ALTER TABLE desk_chats ADD COLUMN transfers INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE desk_chats ADD COLUMN user_messages INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE desk_chats ADD COLUMN agent_messages INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE desk_chats ADD COLUMN rating SMALLINT;
ALTER TABLE desk_chats ADD COLUMN rating_comment VARCHAR(4000);
ALTER TABLE desk_chats ADD COLUMN rated_at BIGINT;
CREATE INDEX desk_chats_created ON desk_chats (created_at);
