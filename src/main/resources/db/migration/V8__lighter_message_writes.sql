-- Portable between H2 2.x and PostgreSQL.
-- A message's insert no longer updates a unique index of its own: each one cost a commit another B-tree path
-- (on H2, another page rewritten and another chunk's metadata saved, about a fifth of a round trip's writes).
-- A client's message id is still unique within its chat: the desk checks it before it stores the message (it
-- reads a chat's ids once, when it resumes the chat, through desk_messages_chat), and the desk is the only
-- writer.
DROP INDEX desk_messages_client;

-- The highest to_user the client had acknowledged when this user message was stored (NULL: none said). A user
-- message carries the acknowledgements that came since the chat's last write, instead of an UPDATE of the chat's
-- row each; the chat's acknowledged to_user is the greater of desk_chats.to_user_acked and these.
ALTER TABLE desk_messages ADD COLUMN to_user_acked INTEGER;
