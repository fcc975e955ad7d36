-- Translations stored next to the originals: the language translated into, the engine, and why a
-- translation failed (the translation column of V1 holds the text). Portable between H2 2.x and PostgreSQL.
ALTER TABLE desk_messages ADD COLUMN translation_language VARCHAR(50);
ALTER TABLE desk_messages ADD COLUMN translation_engine VARCHAR(100);
ALTER TABLE desk_messages ADD COLUMN translation_error VARCHAR(50);
