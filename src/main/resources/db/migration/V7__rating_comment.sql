-- Portable between H2 2.x and PostgreSQL.
-- rating_comment as long as a message's text: a comment of maxMessageSize characters fits even when each of them
-- is a NUL or U+FFFF (stored as two characters each, see StoredText). At 4000 a longer one failed its UPDATE.
ALTER TABLE desk_chats ALTER COLUMN rating_comment SET DATA TYPE VARCHAR(1000000);

-- The facts of chats stored before V5, which has them NULL and would count a chat an agent had as abandoned.
-- Only rows with assigned_at NULL: they are those chats, or chats no agent ever had (which have no assignment and
-- no agent message, so nothing below changes them). assigned_at goes last: the others select on it.
UPDATE desk_chats SET first_reply_at = (
        SELECT MIN(m.created_at) FROM desk_messages m
        WHERE m.chat_id = desk_chats.id AND m.history = FALSE AND m.sender = 'agent')
    WHERE assigned_at IS NULL AND first_reply_at IS NULL;

UPDATE desk_chats SET resolved_at = archived_at
    WHERE assigned_at IS NULL AND resolved_at IS NULL AND archive_reason = 'resolved';

-- the first assignment (the earliest start; the first stored of those that started together)
UPDATE desk_chats SET
        assigned_at = (SELECT MIN(a.started_at) FROM desk_assignments a WHERE a.chat_id = desk_chats.id),
        first_agent = (SELECT a.agent FROM desk_assignments a WHERE a.chat_id = desk_chats.id
                       ORDER BY a.started_at, a.id FETCH FIRST 1 ROWS ONLY)
    WHERE assigned_at IS NULL
      AND EXISTS (SELECT 1 FROM desk_assignments a WHERE a.chat_id = desk_chats.id);
