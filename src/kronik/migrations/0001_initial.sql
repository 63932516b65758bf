-- kronik knowledge base, schema 1: documents and everything derived from them.
-- Offsets (start, "end") are character offsets into the document text, end exclusive.

CREATE TABLE documents (
    id              INTEGER PRIMARY KEY,
    content_hash    TEXT NOT NULL UNIQUE,       -- sha256 of the file bytes
    name            TEXT NOT NULL,              -- the name it was first ingested under
    format          TEXT NOT NULL,              -- txt, md, html, pdf, docx
    encoding        TEXT,
    title           TEXT,
    author          TEXT,
    published       TEXT,                       -- ISO date from the file's metadata
    lang            TEXT,                       -- ISO 639-1
    doc_date        TEXT,                       -- the date the text was written, ISO prefix
    doc_date_source TEXT,                       -- metadata | text | estimated
    n_chars         INTEGER NOT NULL,
    n_words         INTEGER NOT NULL,
    added_at        TEXT NOT NULL
);

-- The text itself, in sections (one for ordinary files, ~1M characters each for huge ones).
CREATE TABLE document_text (
    doc_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    section INTEGER NOT NULL,
    start   INTEGER NOT NULL,
    text    TEXT NOT NULL,
    PRIMARY KEY (doc_id, section)
) WITHOUT ROWID;

-- Files on disk that were read; several files may hold the same document (same content).
CREATE TABLE files (
    path      TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    doc_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    size      INTEGER NOT NULL,
    mtime_ns  INTEGER NOT NULL,
    seen_at   TEXT NOT NULL
);
CREATE INDEX files_doc ON files(doc_id);

CREATE TABLE paragraphs (
    doc_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx     INTEGER NOT NULL,
    start   INTEGER NOT NULL,
    "end"   INTEGER NOT NULL,
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;

CREATE TABLE sentences (
    id           INTEGER PRIMARY KEY,
    doc_id       INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,              -- position in the document
    paragraph    INTEGER NOT NULL,
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL,
    text         TEXT NOT NULL,
    in_reference INTEGER NOT NULL DEFAULT 0     -- 1 inside a footnote or the reference list
);
CREATE UNIQUE INDEX sentences_doc ON sentences(doc_id, idx);

-- Full-text index over sentences; rowid = sentences.id. `terms` holds the sentence's words
-- reduced to their stems (see kronik/search_terms.py), so 'sanksi', 'menyanksi' and
-- 'disanksi' meet.
CREATE VIRTUAL TABLE sentence_search USING fts5(
    terms, content='', tokenize='unicode61 remove_diacritics 2'
);

-- Footnotes and reference-list entries.
CREATE TABLE document_references (
    doc_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx       INTEGER NOT NULL,
    label     TEXT,                             -- the number it is cited by
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    text      TEXT NOT NULL,
    urls      TEXT NOT NULL DEFAULT '[]',       -- JSON list
    accessed  TEXT,                             -- ISO date the source was accessed
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;

-- Footnote markers in the running text ('¹²', '[1]'), linked to their note.
CREATE TABLE footnote_markers (
    doc_id     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    label      TEXT NOT NULL,
    reference  INTEGER,                         -- document_references.idx
    PRIMARY KEY (doc_id, start)
) WITHOUT ROWID;

-- Temporal expressions, normalised to TIMEX3.
CREATE TABLE timexes (
    doc_id       INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL,
    text         TEXT NOT NULL,
    type         TEXT NOT NULL,                 -- DATE, DURATION, SET, TIME
    value        TEXT,                          -- TIMEX3 value: 2024-06-18, 199X, P24Y, PRESENT_REF …
    mod          TEXT,                          -- START, MID, END, APPROX, BEFORE, AFTER
    rule         TEXT,
    sentence_id  INTEGER REFERENCES sentences(id) ON DELETE CASCADE,
    in_reference INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;
CREATE INDEX timexes_value ON timexes(value);

-- Canonical actors and places that mentions link to.
CREATE TABLE entities (
    id       TEXT PRIMARY KEY,                  -- Wikidata QID, or 'kronik:…' for ones found in text
    name     TEXT NOT NULL,                     -- canonical English name
    type     TEXT NOT NULL,                     -- PER, GPE, ORG, LOC, WEAPON
    country  TEXT,                              -- actor code it acts for
    qid      TEXT
);
CREATE INDEX entities_name ON entities(name);

CREATE TABLE mentions (
    doc_id       INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL,
    text         TEXT NOT NULL,
    entity_id    TEXT NOT NULL REFERENCES entities(id),
    type         TEXT NOT NULL,
    name         TEXT NOT NULL,
    country      TEXT,
    how          TEXT NOT NULL,                 -- gazetteer, title, role, coref, introduced, user
    flags        TEXT NOT NULL DEFAULT '[]',    -- JSON list, e.g. ["name-mismatch"]
    sentence_id  INTEGER REFERENCES sentences(id) ON DELETE CASCADE,
    in_reference INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;
CREATE INDEX mentions_entity ON mentions(entity_id);

-- One row per event as one document reports it: the evidence.
CREATE TABLE evidence (
    id          INTEGER PRIMARY KEY,
    doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,               -- the evidence span in the document
    "end"       INTEGER NOT NULL,
    type        TEXT NOT NULL,                  -- PLOVER type
    mode        TEXT,
    source      TEXT,                           -- actor codes
    target      TEXT,
    date        TEXT,                           -- ISO prefix, or NULL when the text gives none
    status      TEXT NOT NULL,                  -- asserted, planned, alleged, denied, negated, hypothetical
    symmetric   INTEGER NOT NULL DEFAULT 0,
    actors      TEXT NOT NULL DEFAULT '[]',     -- JSON list of people's canonical names
    rule        TEXT NOT NULL,                  -- the id of the coding rule that fired
    cameo       TEXT,
    intensity   REAL,
    notes       TEXT NOT NULL DEFAULT '[]',     -- JSON: what the coder noticed (e.g. a mismatched name)
    event_id    INTEGER REFERENCES events(id) ON DELETE SET NULL
);
CREATE INDEX evidence_doc ON evidence(doc_id);
CREATE INDEX evidence_event ON evidence(event_id);

-- Events merged across documents: one fact, many pieces of evidence.
CREATE TABLE events (
    id            INTEGER PRIMARY KEY,
    type          TEXT NOT NULL,
    mode          TEXT,
    quad          TEXT NOT NULL,                -- verbal-coop, material-coop, verbal-conflict, material-conflict
    source        TEXT,
    target        TEXT,
    date          TEXT,
    status        TEXT NOT NULL,
    symmetric     INTEGER NOT NULL DEFAULT 0,
    cameo         TEXT,
    intensity     REAL,
    actors        TEXT NOT NULL DEFAULT '[]',
    n_evidence    INTEGER NOT NULL,             -- pieces of evidence
    n_documents   INTEGER NOT NULL,             -- distinct documents (corroboration count)
    conflicts     TEXT NOT NULL DEFAULT '[]'    -- JSON list of disagreements between sources
);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_dyad ON events(source, target, date);
CREATE INDEX events_type ON events(type, date);
