-- kronik knowledge base, schema 4.
-- A mention row keeps what is its own (where, the text as written, which entity, how it was
-- found); the entity's name, type and country are in `entities`, one row per entity, instead of
-- being written again in each of its 10^5 mentions per million words. 'how' and 'flags' take
-- their usual values by default, so a build writes most mentions without them.
CREATE TABLE mentions_v4 (
    doc_id       INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL,
    text         TEXT NOT NULL,
    entity_id    TEXT NOT NULL REFERENCES entities(id),
    how          TEXT NOT NULL DEFAULT 'gazetteer',  -- gazetteer, title, role, coref, introduced, user
    flags        TEXT NOT NULL DEFAULT '[]',         -- JSON list, e.g. ["name-mismatch"]
    sentence_id  INTEGER REFERENCES sentences(id) ON DELETE CASCADE,
    in_reference INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;
INSERT INTO mentions_v4 (doc_id, idx, start, "end", text, entity_id, how, flags, sentence_id, in_reference)
SELECT doc_id, idx, start, "end", text, entity_id, how, flags, sentence_id, in_reference FROM mentions;
DROP TABLE mentions;
ALTER TABLE mentions_v4 RENAME TO mentions;
-- An actor's mentions, and the texts it is mentioned by, without reading every mention row.
CREATE INDEX mentions_entity_text ON mentions(entity_id, text);
-- Made here; a large build that stopped half-way must not make them again on the old columns.
DELETE FROM deferred_indexes WHERE name IN ('mentions_text', 'mentions_entity_text');

-- The texts each entity is mentioned by, and how many times: names on the command line or in
-- a question ('Putin', 'korea utara') are looked up here, whatever their case. A build counts
-- the mentions of its new documents once at its end (one pass over mentions_entity_text)
-- instead of keeping an index of every mention's text up to date row by row.
CREATE TABLE aliases (
    entity_id TEXT NOT NULL REFERENCES entities(id),
    text      TEXT NOT NULL,
    mentions  INTEGER NOT NULL,
    PRIMARY KEY (entity_id, text)
) WITHOUT ROWID;
CREATE INDEX aliases_text ON aliases(text COLLATE NOCASE);
INSERT INTO aliases (entity_id, text, mentions)
SELECT entity_id, text, count(*) FROM mentions GROUP BY entity_id, text;

-- Counters of the knowledge base: 'aliases_through', the last document whose mentions
-- `aliases` counts (a build that was killed before counting leaves it behind; the next one
-- that opens the file for writing counts the rest).
CREATE TABLE marks (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO marks (name, value) SELECT 'aliases_through', coalesce(max(id), 0) FROM documents;
