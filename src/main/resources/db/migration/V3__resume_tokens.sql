-- Resume tokens: per chat the SHA-256 (hex) of the token its client presents to resume it after a
-- reconnect or a desk restart. Never the token itself. NULL: a chat opened without the delivery addition.
ALTER TABLE desk_chats ADD COLUMN resume_hash VARCHAR(64);
