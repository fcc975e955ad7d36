-- The delivery addition: the client's id of each user message (unique per chat, so a message sent
-- again is stored once, also across a restart), and per chat the highest to_user id its client acknowledged.
ALTER TABLE desk_messages ADD COLUMN client_id VARCHAR(200);
CREATE UNIQUE INDEX desk_messages_client ON desk_messages (chat_id, client_id);
ALTER TABLE desk_chats ADD COLUMN to_user_acked INTEGER DEFAULT 0 NOT NULL;
