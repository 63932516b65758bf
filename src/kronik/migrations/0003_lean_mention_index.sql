-- kronik knowledge base, schema 3.
-- mentions_entity is a prefix of mentions_entity_text (schema 2): it only made every mention
-- written cost one more index entry.
DROP INDEX IF EXISTS mentions_entity;

-- A large build drops the secondary indexes of the per-document tables and makes them again
-- at the end (one sorted pass instead of one B-tree insert per row). Their SQL waits here
-- meanwhile, written in the same transaction as the drop, so that after a crash the next
-- opening of the file makes them again.
CREATE TABLE deferred_indexes (
    name TEXT PRIMARY KEY,
    sql  TEXT NOT NULL
);
