-- The bot side's conversation store (dev.handoff.conversation). Tables named conv_* so that the desk's
-- database may hold them too; Flyway's history for them is conv_schema_history.
CREATE TABLE conv_conversations (
    bot_id VARCHAR(200) NOT NULL,
    conversation_id VARCHAR(200) NOT NULL,
    language VARCHAR(35) NOT NULL,
    language_chosen BOOLEAN NOT NULL,
    slots TEXT NOT NULL,
    stream VARCHAR(200),
    step INTEGER NOT NULL,
    field VARCHAR(200),
    misunderstood INTEGER NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (bot_id, conversation_id)
);

CREATE TABLE conv_handoffs (
    bot_id VARCHAR(200) NOT NULL,
    conversation_id VARCHAR(200) NOT NULL,
    state VARCHAR(20) NOT NULL,
    department VARCHAR(200),
    language VARCHAR(35),
    contact_name TEXT,
    contact_email TEXT,
    contact_phone TEXT,
    live_agent_url TEXT NOT NULL,
    chat_id VARCHAR(200),
    resume_token VARCHAR(200),
    last_agent_message_id BIGINT NOT NULL,
    user_message_id_prefix VARCHAR(100),
    last_user_message_id BIGINT NOT NULL,
    unacknowledged TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (bot_id, conversation_id)
);

CREATE INDEX conv_handoffs_state ON conv_handoffs (state);

CREATE TABLE conv_lines (
    bot_id VARCHAR(200) NOT NULL,
    conversation_id VARCHAR(200) NOT NULL,
    seq BIGINT NOT NULL,
    sender VARCHAR(10) NOT NULL,
    text TEXT NOT NULL,
    options TEXT,
    at BIGINT NOT NULL,
    PRIMARY KEY (bot_id, conversation_id, seq)
);
