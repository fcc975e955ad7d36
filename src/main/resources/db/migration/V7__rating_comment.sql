-- Portable between H2 2.x and PostgreSQL.
-- rating_comment as long as a message's text: a comment of maxMessageSize characters fits even when each of them
-- is a NUL or U+FFFF (stored as two characters each, see StoredText). At 4000 a longer one failed its UPDATE.
ALTER TABLE desk_chats ALTER COLUMN rating_comment SET DATA TYPE VARCHAR(1000000);

